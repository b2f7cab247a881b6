package dev.containersec.cli.sbom;

import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Sbom;
import dev.containersec.cli.Text;
import java.util.ArrayList;
import java.util.List;

/** Renders an SBOM's packages as an aligned table: NAME, VERSION, TYPE, LAYER, PURL. */
final class SbomTableRenderer {
    private SbomTableRenderer() {
    }

    static String render(Sbom sbom) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "VERSION", "TYPE", "LAYER", "PURL"});
        for (Package p : sbom.packages()) {
            String layer = p.locations().stream().map(PackageLocation::layerIndex).filter(i -> i >= 0)
                    .map(String::valueOf).distinct().reduce((a, b) -> a + "," + b).orElse("-");
            rows.add(new String[] {Text.printable(p.name()), p.version().isEmpty() ? "-" : Text.printable(p.version()),
                Text.printable(p.type()), layer, Text.printable(p.purl().toString())});
        }
        int[] width = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        if (sbom.packages().isEmpty()) {
            sb.append("(no packages found)\n");
        }
        return sb.toString();
    }
}
