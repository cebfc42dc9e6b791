/**
 * Finding models: {@link dev.mvm.search.Search} searches models and versions with free text, filters, sorts and
 * paging, and retrieves a model's details, metric history and download links.
 */
@NullMarked
package dev.mvm.search;

import org.jspecify.annotations.NullMarked;
