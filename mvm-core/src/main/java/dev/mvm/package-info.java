/**
 * The MVM facade. Start with {@link dev.mvm.ModelRegistry#local(java.nio.file.Path)} for the embedded
 * default (SQLite metadata, content-addressed blob directory), or {@link dev.mvm.ModelRegistry#builder()}
 * to combine other stores.
 */
@NullMarked
package dev.mvm;

import org.jspecify.annotations.NullMarked;
