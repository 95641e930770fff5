package io.driftwarden.audit;

import io.driftwarden.approval.Classification;
import io.driftwarden.diff.Drift;
import java.time.Instant;

/** A drift with its verdict and its history window (first seen; last seen clean, null when unknown). */
public record ClassifiedDrift(Drift drift, Classification classification, Instant firstSeen, Instant lastCleanAt) {}
