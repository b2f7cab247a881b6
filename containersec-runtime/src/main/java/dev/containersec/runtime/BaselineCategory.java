package dev.containersec.runtime;

/**
 * What a behavioural baseline records about a workload; each category is a sorted set of readable entries
 * in a {@link BaselineProfile}.
 */
public enum BaselineCategory {
    /** Process names and argument shapes: {@code "nginx -g <path>"} (numbers, hex, uuids and paths generalised). */
    PROCESS("processes", "new process"),
    /** Parent to child by command name: {@code "sh -> curl"}. */
    PARENT("parents", "new parent"),
    /** Paths opened for writing, generalised; {@code "/dir/*"} stands for any path below {@code /dir}. */
    FILE_WRITE("fileWrites", "new file write"),
    /** Egress destinations: {@code "tcp 10.0.0.5/32 443"} (a wider network once many hosts were seen). */
    EGRESS("egress", "new egress"),
    /** Listening ports: {@code "tcp 8080"}. */
    LISTEN("listening", "new listening port");

    private final String jsonName;
    private final String deviation;

    BaselineCategory(String jsonName, String deviation) {
        this.jsonName = jsonName;
        this.deviation = deviation;
    }

    /**
     * Returns the key of this category in the profile's JSON.
     *
     * @return e.g. {@code fileWrites}
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Returns the rule name of a deviation in this category.
     *
     * @return e.g. {@code Baseline deviation: new process}
     */
    public String ruleName() {
        return "Baseline deviation: " + deviation;
    }
}
