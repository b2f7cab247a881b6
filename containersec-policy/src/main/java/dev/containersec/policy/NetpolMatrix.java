package dev.containersec.policy;

import java.util.List;
import java.util.Objects;

/**
 * The allowed connections as a matrix: row = source, column = destination, cell = allowed ports, for
 * example {@code All}, {@code TCP 80,443 UDP 53}, or the empty string when nothing is allowed. External ranges
 * appear as rows (ingress from them) and columns (egress to them); external-to-external cells are empty.
 *
 * @param sources the row names
 * @param destinations the column names
 * @param cells one list per row, one cell per column
 */
public record NetpolMatrix(List<String> sources, List<String> destinations, List<List<String>> cells) {

    /**
     * Copies the lists and checks the shape.
     *
     * @throws IllegalArgumentException if a row's length differs from the column count
     */
    public NetpolMatrix {
        sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
        destinations = List.copyOf(Objects.requireNonNull(destinations, "destinations"));
        cells = cells.stream().map(List::copyOf).toList();
        if (cells.size() != sources.size()) {
            throw new IllegalArgumentException("matrix has " + cells.size() + " rows for " + sources.size() + " sources");
        }
        for (List<String> row : cells) {
            if (row.size() != destinations.size()) {
                throw new IllegalArgumentException("matrix row has " + row.size() + " cells for "
                        + destinations.size() + " destinations");
            }
        }
    }

    /**
     * Returns one cell.
     *
     * @param source the row name
     * @param destination the column name
     * @return the cell text, or the empty string for unknown names
     */
    public String cell(String source, String destination) {
        int r = sources.indexOf(source);
        int c = destinations.indexOf(destination);
        return r < 0 || c < 0 ? "" : cells.get(r).get(c);
    }
}
