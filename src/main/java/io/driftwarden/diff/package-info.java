/**
 * Pure: a host's plan and its observation in, drifts and not-checked properties out; canonical values, sensitivity,
 * unified diffs, remedies, a candidate revision's impact. No clock, files, logging or
 * network; depends on collect, inventory and standard (their value types).
 */
package io.driftwarden.diff;
