/**
 * The {@code /api/v1} REST contract over a {@link dev.mvm.ModelRegistry}, on the JDK's built-in HTTP server:
 * {@link dev.mvm.rest.MvmHttpServer} to run it, {@link dev.mvm.rest.MvmRestHandler} to mount it in a server of
 * one's own, {@link dev.mvm.rest.Authenticator} to turn a request into the principal it acts as.
 */
@NullMarked
package dev.mvm.rest;

import org.jspecify.annotations.NullMarked;
