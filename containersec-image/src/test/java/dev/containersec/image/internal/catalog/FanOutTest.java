package dev.containersec.image.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanOutTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void deliver_everyReaderSeesEveryByte_withoutBufferingTheWhole() throws Exception {
        byte[] data = new byte[20 << 20];
        new Random(7).nextBytes(data);
        List<byte[]> digests = Collections.synchronizedList(new ArrayList<>());
        FanOut.Reader hashing = in -> digests.add(sha256(in));

        FanOut.deliver(new ByteArrayInputStream(data), List.of(hashing, hashing, hashing), pool);

        byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
        assertThat(digests).hasSize(3).allSatisfy(d -> assertThat(d).isEqualTo(expected));
    }

    @Test
    void deliver_readersThatStopEarly_doNotStopTheOthers() throws Exception {
        byte[] data = new byte[5 << 20];
        new Random(8).nextBytes(data);
        List<byte[]> digests = Collections.synchronizedList(new ArrayList<>());
        FanOut.Reader peekOnly = in -> in.readNBytes(4);

        FanOut.deliver(new ByteArrayInputStream(data), List.of(peekOnly, in -> digests.add(sha256(in)), peekOnly), pool);

        assertThat(digests).singleElement().isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void deliver_aFailingReader_failsTheDeliveryWithItsError() {
        byte[] data = new byte[3 << 20];
        FanOut.Reader failing = in -> {
            in.readNBytes(1000);
            throw new IOException("bad file");
        };

        assertThatThrownBy(() -> FanOut.deliver(new ByteArrayInputStream(data), List.of(in -> sha256(in), failing), pool))
                .isInstanceOf(IOException.class).hasMessage("bad file");
    }

    private static byte[] sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
