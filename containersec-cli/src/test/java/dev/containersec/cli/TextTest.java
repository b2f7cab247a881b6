package dev.containersec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void printable_escapesControlCharacters() {
        assertThat(Text.printable("a\u001b[2Jb\nc\td\u009be\u007f")).isEqualTo("a\\x1b[2Jb\\nc\\td\\x9be\\x7f");
    }

    @Test
    void printable_keepsOrdinaryTextIncludingUnicode() {
        String s = "/usr/share/doc/caf\u00e9/\u65e5\u672c.txt";
        assertThat(Text.printable(s)).isSameAs(s);
    }

    @Test
    void bytes_formatsForPeople() {
        assertThat(Text.bytes(-1)).isEqualTo("?");
        assertThat(Text.bytes(512)).isEqualTo("512 B");
        assertThat(Text.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Text.bytes(3L << 30)).isEqualTo("3.0 GiB");
    }
}
