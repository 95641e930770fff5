/**
 * {@code standard capture}: a standard describing a host as it is. Depends on collect, diff and standard.
 */
package io.driftwarden.capture;
