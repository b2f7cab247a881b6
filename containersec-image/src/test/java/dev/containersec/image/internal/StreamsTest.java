package dev.containersec.image.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Digest;
import dev.containersec.api.DigestMismatchException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamsTest {

    private static final byte[] BLOB = "the blob's bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void skipThroughAVerifyingStream_stillDigestsTheSkippedBytes_andFailsOnOtherContent() {
        byte[] other = "the blob's bytez".getBytes(StandardCharsets.UTF_8);
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(other), Digest.sha256(BLOB),
                BLOB.length, "test blob");
        assertThatThrownBy(() -> in.skip(BLOB.length + 1L)).isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void skipThroughAVerifyingStream_countsTheSkippedBytes_andReportsTheEnd() throws IOException {
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(BLOB), Digest.sha256(BLOB),
                BLOB.length, "test blob");
        assertThat(in.skip(4)).isEqualTo(4);
        assertThat(in.count()).isEqualTo(4);
        assertThat(in.skip(1000)).isEqualTo(BLOB.length - 4);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void readOne_returnsBytesUnsigned_thenMinusOneAtTheEnd() throws IOException {
        byte[] content = {(byte) 0xff, 0, (byte) 0x80};
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(content), Digest.sha256(content),
                content.length, "test blob");
        assertThat(Streams.readOne(in)).isEqualTo(0xff);
        assertThat(Streams.readOne(in)).isZero();
        assertThat(Streams.readOne(in)).isEqualTo(0x80);
        assertThat(Streams.readOne(in)).isEqualTo(-1);
    }

    @Test
    void skipByReading_ofNothingOrNegative_skipsNothing() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(BLOB);
        assertThat(Streams.skipByReading(in, 0)).isZero();
        assertThat(Streams.skipByReading(in, -5)).isZero();
        assertThat(in.available()).isEqualTo(BLOB.length);
    }
}
