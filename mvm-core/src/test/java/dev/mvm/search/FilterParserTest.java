package dev.mvm.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.error.ValidationException;
import dev.mvm.api.query.Field;
import dev.mvm.api.query.Filter;
import dev.mvm.api.query.Literal;
import dev.mvm.api.query.Operator;
import dev.mvm.api.query.Sort;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The filter language parser")
class FilterParserTest {

    @Test
    @DisplayName("parses the issue's example into the expected tree")
    void example() {
        Filter f = Filter.parse("name LIKE 'bert%' AND tags.language = 'chinese' AND (framework = 'pytorch' OR"
                + " framework = 'onnx') AND metrics.accuracy >= 0.9 AND state = 'PRODUCTION' AND created > '2026-06-01'");
        assertThat(f).isInstanceOf(Filter.And.class);
        List<Filter> parts = ((Filter.And) f).filters();
        assertThat(parts).hasSize(6);
        assertThat(parts.get(0)).isEqualTo(new Filter.Comparison(Field.parse("name"), Operator.LIKE,
                List.of(Literal.of("bert%"))));
        assertThat(parts.get(1)).isEqualTo(Filter.field("tags.language").eq("chinese"));
        assertThat(parts.get(2)).isEqualTo(Filter.field("framework").eq("pytorch")
                .or(Filter.field("framework").eq("onnx")));
        assertThat(parts.get(3)).isEqualTo(Filter.field("metrics.accuracy").ge(0.9));
        assertThat(parts.get(5)).isEqualTo(Filter.field("created").gt("2026-06-01"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "name = 'a'",
        "name != 'a' AND NOT (framework = 'b')",
        "tags.`odd key.with dots` = 'x''y'",
        "metrics.accuracy >= 0.9 OR metrics.f1 < -1.5E-3",
        "metadata.input.shape = 'x' AND metadata.`a b`.c > 3",
        "name IN ('a', 'b', 'c') AND state IN ('PRODUCTION')",
        "description ILIKE '%\\%%' AND version >= '1.0.0-rc.1'",
        "created > '2026-06-01T12:00:00Z' AND updated <= '2026-06-01T12:00:00'"
    })
    @DisplayName("prints a tree back as text that parses to the same tree")
    void roundTrip(String text) {
        Filter f = Filter.parse(text);
        assertThat(Filter.parse(f.toString())).isEqualTo(f);
    }

    @Test
    @DisplayName("accepts MLflow spellings: double quotes, ==, <>, keywords in any case, tag and metric prefixes")
    void mlflowSpellings() {
        assertThat(Filter.parse("name == \"bert\"")).isEqualTo(Filter.field("name").eq("bert"));
        assertThat(Filter.parse("tag.team <> 'x'")).isEqualTo(Filter.field("tags.team").ne("x"));
        assertThat(Filter.parse("name like 'a%' and metric.acc > 1")).isEqualTo(Filter.field("name").like("a%")
                .and(Filter.field("metrics.acc").gt(1)));
        assertThat(Filter.parse("name NOT IN ('a')")).isEqualTo(Filter.field("name").in("a").not());
        assertThat(Filter.parse("   ")).isEqualTo(Filter.ALL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "name = |6|a value",
        "name 'x'|5|an operator",
        "nme = 'x'|0|Unknown field 'nme'",
        "(name = 'x'|11|')'",
        "name = 'x' AND|14|a field",
        "name = 'x' name|11|AND, OR or the end",
        "tags = 'x'|4|needs a key",
        "name.x = 'y'|4|takes no key",
        "metrics.acc = 'high'|14|holds numbers",
        "metrics.acc LIKE 'a%'|12|does not apply",
        "name = 0.9|7|holds text",
        "created > 'yesterday'|10|Invalid date",
        "version > '1.0'|10|Invalid semantic version",
        "name = 'open|7|Unclosed string",
        "tags.`open = 'x'|5|Unclosed backtick",
        "metrics.acc > 1.2.3|14|Invalid number",
        "name NOT = 'a'|9|LIKE, ILIKE or IN after NOT",
        "name IN 'a'|8|'(' to start the IN list",
        "name IN ('a' 'b')|13|',' or ')'",
        "tags.a.b = 'x'|6|takes one key"
    })
    @DisplayName("reports the position of an error and what was expected there")
    void errors(String text, int position, String expected) {
        assertThatThrownBy(() -> Filter.parse(text)).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
            assertThat(e.field()).isEqualTo("filter");
            assertThat(e.getMessage()).contains(expected);
        });
    }

    @Test
    @DisplayName("bounds length, depth, comparisons and IN lists")
    void limits() {
        expectError(() -> Filter.parse("name = '" + "x".repeat(Filter.MAX_LENGTH) + "'"), "at most 10000");
        expectError(() -> Filter.parse("NOT ".repeat(40) + "name = 'a'"), "deeper than 32");
        expectError(() -> Filter.parse("name IN (" + "'a', ".repeat(1000) + "'b')"), "at most 1000 values");
        assertThat(Filter.parse("NOT ".repeat(30) + "name = 'a'")).isNotNull();
    }

    @Test
    @DisplayName("parses sort keys and fields")
    void sortsAndFields() {
        assertThat(Sort.parse("metrics.accuracy DESC")).isEqualTo(Sort.desc("metrics.accuracy"));
        assertThat(Sort.parse("name")).isEqualTo(Sort.asc("name"));
        assertThat(Sort.desc("relevance").isRelevance()).isTrue();
        assertThat(Field.parse("metadata.`a.b`.c").path()).containsExactly("a.b", "c");
        assertThat(Field.parse("tags.`a``b`").key()).isEqualTo("a`b");
        assertThat(Field.parse("tags.`a``b`")).hasToString("tags.`a``b`");
        expectError(() -> Sort.asc("colour"), "Unknown field");
    }

    private static void expectError(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(ValidationException.class).hasMessageContaining(message);
    }
}
