package dev.mvm.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.IllegalTransitionException;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.PromotionRejectedException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ExitCode: one distinct status per kind of failure")
class ExitCodeTest {
    @Test
    void classifies() {
        assertThat(ExitCode.of(new ValidationException("name", "bad"))).isEqualTo(ExitCode.USAGE);
        assertThat(ExitCode.of(new UsageException("bad"))).isEqualTo(ExitCode.USAGE);
        assertThat(ExitCode.of(new NotFoundException("gone"))).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(ExitCode.of(new ConflictException("taken"))).isEqualTo(ExitCode.CONFLICT);
        assertThat(ExitCode.of(new AccessDeniedException("no"))).isEqualTo(ExitCode.ACCESS_DENIED);
        assertThat(ExitCode.of(new IllegalTransitionException("m@1.0.0", "DRAFT", "PRODUCTION", List.of("STAGING"))))
                .isEqualTo(ExitCode.ILLEGAL_TRANSITION);
        assertThat(ExitCode.of(new PromotionRejectedException("m@1.0.0", List.of("auc below 0.9"))))
                .isEqualTo(ExitCode.ILLEGAL_TRANSITION);
        assertThat(ExitCode.of(new IntegrityException("digest"))).isEqualTo(ExitCode.INTEGRITY);
        assertThat(ExitCode.of(new BackendUnavailableException("down", null))).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(ExitCode.of(new StorageException("disk full", null))).isEqualTo(ExitCode.ERROR);
        assertThat(ExitCode.of(new MvmException("other"))).isEqualTo(ExitCode.ERROR);
        assertThat(ExitCode.of(new IllegalStateException("bug"))).isEqualTo(ExitCode.ERROR);
    }

    @Test
    void distinct() {
        assertThat(Arrays.stream(ExitCode.values()).map(ExitCode::code).distinct().count())
                .isEqualTo(ExitCode.values().length);
        assertThat(ExitCode.helpLines()).hasSize(ExitCode.values().length).contains("  3  not found");
    }
}
