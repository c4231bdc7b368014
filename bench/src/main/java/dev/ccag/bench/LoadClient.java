package dev.ccag.bench;

/** The throughput workloads' load generator ({@code --client=}); see decision 0009. */
public enum LoadClient {
    EVENT_LOOP("event-loop", EventLoopLoadRunner::run,
            "event-loop threads (one per core, at most two), each driving its share of the connections with a selector."),
    THREADS("threads", LoadRunner::run, "a blocking platform thread per connection.");

    private final String option;
    private final LoadRunner.Driver driver;
    private final String description;

    LoadClient(String option, LoadRunner.Driver driver, String description) {
        this.option = option;
        this.driver = driver;
        this.description = description;
    }

    public LoadRunner.Driver driver() {
        return driver;
    }

    /** For the report: how this client makes its load. */
    public String description() {
        return description;
    }

    static LoadClient of(String option) {
        for (LoadClient c : values()) {
            if (c.option.equals(option)) return c;
        }
        throw new IllegalArgumentException("--client= must be event-loop or threads, not " + option);
    }
}
