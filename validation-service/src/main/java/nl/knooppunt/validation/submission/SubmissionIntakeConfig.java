package nl.knooppunt.validation.submission;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How many submission records validation-service judges at the same time. */
@ConfigMapping(prefix = "knooppunt.submissions")
public interface SubmissionIntakeConfig {

    /**
     * Records judged concurrently (default 64). Submissions are keyed by message id and need no order, so records
     * of one partition overlap; offsets are committed up to the oldest record not finished yet (throttled commit).
     */
    @WithDefault("64")
    int concurrency();
}
