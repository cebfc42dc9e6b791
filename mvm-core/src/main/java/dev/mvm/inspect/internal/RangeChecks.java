package dev.mvm.inspect.internal;

import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.inspect.InspectionLimits;
import dev.mvm.api.inspect.RangeSource;

/** The argument and bounds checks shared by every {@link RangeSource}. */
final class RangeChecks {
    private RangeChecks() {
    }

    static void check(RangeSource source, long offset, int length) {
        if (offset < 0 || length < 0 || length > InspectionLimits.MAX_READ_BYTES) {
            throw new IllegalArgumentException("Invalid range offset=" + offset + " length=" + length + " of "
                    + source.describe() + ": both at least 0, length at most " + InspectionLimits.MAX_READ_BYTES);
        }
        if (offset > source.size() || length > source.size() - offset) {
            throw new IntegrityException("Truncated " + source.describe() + ": needs bytes " + offset + " to "
                    + (offset + length) + " but the file has " + source.size());
        }
    }
}
