package dev.containersec.runtime.internal.baseline;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded set of keys already reported; the least recently seen key is forgotten first. Not thread-safe. */
public final class Seen {
    private final LinkedHashMap<String, Boolean> keys;

    /** A set remembering at most {@code capacity} keys. */
    public Seen(int capacity) {
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records the key; true if it was not remembered. */
    public boolean firstTime(String key) {
        return keys.put(key, Boolean.TRUE) == null;
    }
}
