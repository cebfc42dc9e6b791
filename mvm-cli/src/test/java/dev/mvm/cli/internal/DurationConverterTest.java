package dev.mvm.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("DurationConverter reads 90s, 15m, 24h, 7d, 0 and ISO-8601")
class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void units() {
        assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(converter.convert("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(converter.convert("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(converter.convert("PT36H")).isEqualTo(Duration.ofHours(36));
        assertThat(converter.convert("pt1m")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void rejects() {
        assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'soon'").hasMessageContaining("24h");
        assertThatThrownBy(() -> converter.convert("-5h")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
