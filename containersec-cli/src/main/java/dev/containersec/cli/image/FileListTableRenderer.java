package dev.containersec.cli.image;

import dev.containersec.api.FileEntry;
import dev.containersec.api.FileType;
import dev.containersec.cli.Text;
import java.io.PrintWriter;

/**
 * Writes {@code image ls} for people, like {@code ls -l}: mode, owner, size, layer index, path and
 * link target. Columns have fixed widths because the listing is streamed.
 */
final class FileListTableRenderer implements FileListRenderer {
    private final PrintWriter out;
    private boolean headerWritten;

    FileListTableRenderer(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void accept(FileEntry e) {
        header();
        StringBuilder line = new StringBuilder(96);
        line.append(modeString(e)).append(' ');
        line.append(String.format("%6d %6d %12d %5d  ", e.uid(), e.gid(), e.size(), e.layerIndex()));
        line.append(Text.printable(e.path()));
        if (e.linkTarget().isPresent()) {
            line.append(e.type() == FileType.SYMLINK ? " -> " : " => ").append(Text.printable(e.linkTarget().get()));
        }
        out.println(line);
    }

    @Override
    public void finish() {
        header();
        out.flush();
    }

    private void header() {
        if (!headerWritten) {
            out.println(String.format("%-10s %6s %6s %12s %5s  %s", "MODE", "UID", "GID", "SIZE", "LAYER", "PATH"));
            headerWritten = true;
        }
    }

    /**
     * Renders the type and mode as {@code ls -l} does ({@code h} marks a hard link).
     *
     * @param e the entry
     * @return for example {@code drwxr-xr-x} or {@code -rwsr-xr-x}
     */
    static String modeString(FileEntry e) {
        char type = switch (e.type()) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case HARDLINK -> 'h';
            case CHAR_DEVICE -> 'c';
            case BLOCK_DEVICE -> 'b';
            case FIFO -> 'p';
            case REGULAR -> '-';
        };
        int m = e.mode();
        char[] s = new char[10];
        s[0] = type;
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s[i + 1] = (m & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-';
        }
        if ((m & 04000) != 0) {
            s[3] = s[3] == 'x' ? 's' : 'S';
        }
        if ((m & 02000) != 0) {
            s[6] = s[6] == 'x' ? 's' : 'S';
        }
        if ((m & 01000) != 0) {
            s[9] = s[9] == 'x' ? 't' : 'T';
        }
        return new String(s);
    }
}
