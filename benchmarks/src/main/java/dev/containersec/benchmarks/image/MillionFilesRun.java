package dev.containersec.benchmarks.image;

import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.ImageReader;
import dev.containersec.image.WalkResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Walks an image whose one layer holds a million small files and reports the time and the peak heap
 * (the sum of the heap pools' peak usage). Not a JMH benchmark: one cold run, as a user would meet it.
 *
 * <p>Run: {@code java -Xmx512m -cp benchmarks/target/benchmarks.jar
 * dev.containersec.benchmarks.image.MillionFilesRun [files] [work-dir]}
 */
public final class MillionFilesRun {
    private MillionFilesRun() {
    }

    /**
     * Builds the image (once, in the work directory) and walks it with a full listing.
     *
     * @param args optional file count (default 1,000,000) and work directory (default a temp dir)
     * @throws IOException if the image cannot be written
     */
    public static void main(String[] args) throws IOException {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("millionfiles");
        Path layout = dir.resolve("layout-" + files);
        if (!Files.exists(layout.resolve("index.json"))) {
            Path layer = dir.resolve("layer-" + files + ".tar.gz");
            OciLayouts.manySmallFiles(layer, files);
            OciLayouts.write(layout, "many", List.of(layer));
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long start = System.nanoTime();
        AtomicLong listed = new AtomicLong();
        WalkResult result;
        try (Image image = ImageReader.create().open("oci:" + layout + ":many")) {
            result = image.walk(FileWalk.builder().listing(e -> listed.incrementAndGet()).build());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        String report = String.format("files=%d entries=%d listed=%d time=%d ms peakHeap=%d MiB maxHeap=%d MiB",
                files, result.entries(), listed.get(), millis, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println(report);
    }
}
