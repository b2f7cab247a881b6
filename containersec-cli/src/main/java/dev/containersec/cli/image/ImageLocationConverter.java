package dev.containersec.cli.image;

import dev.containersec.image.ImageLocation;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses the IMAGE argument; a malformed one is a usage error (exit code 2) naming what was wrong. */
public final class ImageLocationConverter implements ITypeConverter<ImageLocation> {
    @Override
    public ImageLocation convert(String value) {
        try {
            return ImageLocation.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
