/**
 * Search: the filter language and its immutable syntax tree ({@link dev.mvm.api.query.Filter}), sorting
 * ({@link dev.mvm.api.query.Sort}), paging ({@link dev.mvm.api.query.Page}), requests and results, and a
 * store-independent evaluator ({@link dev.mvm.api.query.InMemorySearch}) that stores use for what they cannot
 * push down.
 */
@NullMarked
package dev.mvm.api.query;

import org.jspecify.annotations.NullMarked;
