package dev.mvm.compare;

import dev.mvm.api.error.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a {@link Comparison} is rendered: as JSON (the same form a {@link DirectoryComparisonStore} keeps), as
 * Markdown tables, or as one self-contained HTML page with inline SVG charts (metric bars per version,
 * metric evolution across all versions, parameter counts) that needs no network to open.
 *
 * @since 0.1
 */
public enum ReportFormat {
    /** Indented JSON of every field. */
    JSON,
    /** GitHub-flavoured Markdown tables. */
    MARKDOWN,
    /** A self-contained HTML page with inline CSS and SVG, no scripts, no external resources. */
    HTML;

    /**
     * @param comparison the comparison
     * @return the report text
     */
    public String render(Comparison comparison) {
        return switch (this) {
            case JSON -> ComparisonJson.write(comparison);
            case MARKDOWN -> MarkdownReport.render(comparison);
            case HTML -> HtmlReport.render(comparison);
        };
    }

    /**
     * Writes the report to a file, UTF-8.
     *
     * @param comparison the comparison
     * @param file the target file; its directory is created if missing
     * @return the file
     * @throws StorageException if it cannot be written
     */
    public Path write(Comparison comparison, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, render(comparison));
        } catch (IOException e) {
            throw new StorageException("Cannot write report " + file + ": " + e.getMessage(), e);
        }
    }
}
