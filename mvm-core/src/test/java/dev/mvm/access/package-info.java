/** Tests of access control: values, the controller, delegation, the policy store and the permission matrix. */
@NullMarked
package dev.mvm.access;

import org.jspecify.annotations.NullMarked;
