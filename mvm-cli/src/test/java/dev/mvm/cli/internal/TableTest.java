package dev.mvm.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Table aligns columns and keeps each row on one line")
class TableTest {
    @Test
    void aligns() {
        String text = new Table("NAME", "STATE").row("fraud", "DRAFT").row("a-much-longer-name", null)
                .row("multi\nline", "X").render();
        assertThat(text).isEqualTo("NAME                STATE\n"
                + "fraud               DRAFT\n"
                + "a-much-longer-name  -\n"
                + "multi line          X\n");
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 cells");
    }
}
