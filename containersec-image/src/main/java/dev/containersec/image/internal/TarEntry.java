package dev.containersec.image.internal;

/**
 * One tar header, with PAX and GNU extensions applied. The entry's content is read from the
 * {@link TarReader} that returned it, until its next call to {@code next()}.
 *
 * @param name the entry name as stored (not normalised)
 * @param linkName the link target as stored, empty for non-links
 * @param typeFlag the tar type flag ({@code '0'} regular, {@code '5'} directory, ...)
 * @param mode the permission bits (07777)
 * @param uid the owner id
 * @param gid the group id
 * @param size the content size in bytes
 * @param sparse true for GNU sparse files, whose content the reader does not reassemble
 */
record TarEntry(String name, String linkName, char typeFlag, int mode, long uid, long gid, long size, boolean sparse) {

    boolean isRegular() {
        return !sparse && (typeFlag == '0' || typeFlag == '\0' || typeFlag == '7');
    }

    boolean isDirectory() {
        return typeFlag == '5';
    }

    boolean isSymlink() {
        return typeFlag == '2';
    }

    boolean isHardLink() {
        return typeFlag == '1';
    }
}
