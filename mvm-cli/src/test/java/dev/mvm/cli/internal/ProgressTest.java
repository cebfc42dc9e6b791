package dev.mvm.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Progress: a bar on a terminal, plain lines otherwise, nothing when quiet")
class ProgressTest {
    private final StringWriter text = new StringWriter();
    private final PrintWriter err = new PrintWriter(text);

    @Test
    @DisplayName("on a terminal the bar is redrawn in place and ends at 100% with a newline")
    void bar() {
        try (Progress.Task task = Progress.to(err, true, false).start("upload fraud", 4096, Progress.Unit.BYTES)) {
            task.advance(1024);
            task.advance(1024);
        }
        String out = text.toString();
        assertThat(out).startsWith("\rupload fraud [").contains("] 100% 4.0 KiB / 4.0 KiB").endsWith("\n");
        assertThat(out.chars().filter(c -> c == '\n').count()).as("one line in the end").isEqualTo(1);
    }

    @Test
    @DisplayName("without a terminal a line per quarter reached, and one at the end")
    void lines() {
        try (Progress.Task task = Progress.to(err, false, false).start("migrate versions", 100, Progress.Unit.ITEMS)) {
            task.advance(10);
            task.advance(20);
            task.advance(30);
        }
        assertThat(text.toString().lines()).containsExactly("migrate versions: started, 100",
                "migrate versions: 25% (30)", "migrate versions: 50% (60)", "migrate versions: done, 100");
    }

    @Test
    @DisplayName("a failed task says so, and closing it afterwards adds nothing")
    void failure() {
        Progress.Task task = Progress.to(err, false, false).start("download", 10, Progress.Unit.BYTES);
        task.advance(3);
        task.fail();
        task.close();
        assertThat(text.toString().lines()).containsExactly("download: started, 10 B", "download: 25% (3 B)",
                "download: failed after 3 B");
    }

    @Test
    @DisplayName("quiet shows nothing")
    void quiet() {
        try (Progress.Task task = Progress.to(err, true, true).start("gc", 0, Progress.Unit.ITEMS)) {
            task.advance(5);
        }
        assertThat(text.toString()).isEmpty();
    }

    @Test
    @DisplayName("amounts for people")
    void format() {
        assertThat(Progress.format(512, Progress.Unit.BYTES)).isEqualTo("512 B");
        assertThat(Progress.format(1536, Progress.Unit.BYTES)).isEqualTo("1.5 KiB");
        assertThat(Progress.format(3L << 30, Progress.Unit.BYTES)).isEqualTo("3.0 GiB");
        assertThat(Progress.format(42, Progress.Unit.ITEMS)).isEqualTo("42");
    }
}
