/**
 * Contract suites every store implementation extends.
 */
@NullMarked
package dev.mvm.contract;

import org.jspecify.annotations.NullMarked;
