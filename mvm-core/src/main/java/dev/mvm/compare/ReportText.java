package dev.mvm.compare;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Number and value formatting shared by the Markdown and HTML reports. */
final class ReportText {
    private ReportText() {
    }

    static String number(@Nullable Double v) {
        if (v == null) {
            return "missing";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e15) {
            return String.format(Locale.ROOT, "%,d", v.longValue());
        }
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String signed(@Nullable Double v) {
        if (v == null) {
            return "–";
        }
        return (v > 0 ? "+" : v < 0 ? "−" : "±") + number(Math.abs(v));
    }

    static String percent(@Nullable Double v) {
        if (v == null) {
            return "–";
        }
        return (v > 0 ? "+" : v < 0 ? "−" : "±") + String.format(Locale.ROOT, "%.2f %%", Math.abs(v) * 100);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String signedCount(long n) {
        return (n > 0 ? "+" : n < 0 ? "−" : "±") + count(Math.abs(n));
    }

    static String bytes(@Nullable Long n) {
        if (n == null) {
            return "–";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String shape(@Nullable List<?> shape) {
        return shape == null ? "–" : shape.toString();
    }

    static String digest(@Nullable String hex) {
        return hex == null ? "–" : hex.substring(0, Math.min(12, hex.length()));
    }

    static String or(@Nullable String s) {
        return s == null ? "–" : s;
    }

    static String verdict(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT);
    }

    static String direction(MetricDirection d) {
        return switch (d) {
            case HIGHER_IS_BETTER -> "higher is better";
            case LOWER_IS_BETTER -> "lower is better";
            case UNKNOWN -> "unknown";
        };
    }
}
