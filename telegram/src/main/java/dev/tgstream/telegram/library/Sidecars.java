package dev.tgstream.telegram.library;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sidecar conventions of one folder: {@code movie.jpg} or {@code movie.mp4.jpg} (also .jpeg, .png, .webp) is the
 * thumbnail of {@code movie.mp4}, {@code folder.jpg} that of every file in the folder, and {@code movie.txt} or
 * {@code movie.mp4.txt} its caption. A sidecar that belongs to another file is not listed itself; an image on its own
 * is a photo and its own thumbnail. Subtitles {@code movie.srt}, {@code movie.en.srt}, {@code movie.forced.fr.vtt},
 * {@code movie.mp4.srt} belong to {@code movie.mp4}: whatever tags (language, forced…) follow the video's name.
 * Names are matched case-insensitively, as people name files inconsistently.
 */
final class Sidecars {

  static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png", "webp");
  static final List<String> SUBTITLE_EXTENSIONS = List.of("srt", "vtt");
  private static final String CAPTION_EXTENSION = "txt";
  private static final String FOLDER_IMAGE_STEM = "folder";

  /** Lower-case name → the name on disk, of the regular files in the folder. */
  private final Map<String, String> byLowerName = new HashMap<>();
  private final Set<String> nonImageNamesAndStems = new HashSet<>();
  private final Set<String> nonCaptionNamesAndStems = new HashSet<>();
  /** Lower-case names and stems of the files that can own subtitles (anything but images, captions, subtitles). */
  private final Set<String> subtitleOwners = new HashSet<>();
  private boolean hasNonImage;

  Sidecars(Collection<String> namesInFolder) {
    for (String name : namesInFolder) {
      String lower = lower(name);
      byLowerName.putIfAbsent(lower, name);
      if (!isImage(lower)) {
        hasNonImage = true;
        nonImageNamesAndStems.add(lower);
        nonImageNamesAndStems.add(MimeTypes.stem(lower));
      }
      if (!isCaption(lower)) {
        nonCaptionNamesAndStems.add(lower);
        nonCaptionNamesAndStems.add(MimeTypes.stem(lower));
      }
      if (!isImage(lower) && !isCaption(lower) && !isSubtitle(lower)) {
        subtitleOwners.add(lower);
        subtitleOwners.add(MimeTypes.stem(lower));
      }
    }
  }

  static boolean isImage(String fileName) {
    return IMAGE_EXTENSIONS.contains(MimeTypes.extension(fileName));
  }

  static boolean isSubtitle(String fileName) {
    return SUBTITLE_EXTENSIONS.contains(MimeTypes.extension(fileName));
  }

  private static boolean isCaption(String fileName) {
    return CAPTION_EXTENSION.equals(MimeTypes.extension(fileName));
  }

  /** Whether this file is another file's thumbnail or caption, and so is not listed on its own. */
  boolean belongsToAnother(String fileName) {
    String lower = lower(fileName);
    String stem = MimeTypes.stem(lower);
    if (isImage(lower)) {
      return stem.equals(FOLDER_IMAGE_STEM) ? hasNonImage : nonImageNamesAndStems.contains(stem);
    }
    if (isCaption(lower)) {
      return nonCaptionNamesAndStems.contains(stem);
    }
    if (isSubtitle(lower)) {
      return owner(lower) != null;
    }
    return false;
  }

  /**
   * The lower-case name or stem of the file a subtitle belongs to: "movie.forced.fr.srt" is tried as
   * "movie.forced.fr", "movie.forced", "movie", the longest match winning; null when none is there.
   */
  private String owner(String lowerSubtitleName) {
    String base = MimeTypes.stem(lowerSubtitleName);
    while (true) {
      if (subtitleOwners.contains(base)) {
        return base;
      }
      int dot = base.lastIndexOf('.');
      if (dot <= 0) {
        return null;
      }
      base = base.substring(0, dot);
    }
  }

  /** The names of the subtitle files that belong to {@code fileName}, in name order. */
  List<String> subtitlesOf(String fileName) {
    String lower = lower(fileName);
    if (isImage(lower) || isCaption(lower) || isSubtitle(lower)) {
      return List.of();
    }
    String stem = MimeTypes.stem(lower);
    return byLowerName.entrySet().stream()
        .filter(e -> isSubtitle(e.getKey()))
        .filter(e -> {
          String owner = owner(e.getKey());
          return owner != null && (owner.equals(lower) || owner.equals(stem));
        })
        .map(Map.Entry::getValue)
        .sorted()
        .toList();
  }

  /** The name of the file's thumbnail in this folder: itself for an image, else the first sidecar that exists. */
  Optional<String> thumbnailOf(String fileName) {
    if (isImage(fileName)) {
      return Optional.of(fileName);
    }
    for (String base : bases(fileName)) {
      for (String extension : IMAGE_EXTENSIONS) {
        Optional<String> found = find(base + "." + extension, fileName);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    for (String extension : IMAGE_EXTENSIONS) {
      Optional<String> found = find(FOLDER_IMAGE_STEM + "." + extension, fileName);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The name of the file's caption sidecar in this folder, if any. */
  Optional<String> captionOf(String fileName) {
    for (String base : bases(fileName)) {
      Optional<String> found = find(base + "." + CAPTION_EXTENSION, fileName);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** "movie.mp4" is looked up as "movie.mp4.*" first, then "movie.*". */
  private static Set<String> bases(String fileName) {
    Set<String> bases = new LinkedHashSet<>();
    bases.add(fileName);
    bases.add(MimeTypes.stem(fileName));
    return bases;
  }

  private Optional<String> find(String candidate, String self) {
    String lower = lower(candidate);
    if (lower.equals(lower(self))) {
      return Optional.empty();
    }
    return Optional.ofNullable(byLowerName.get(lower));
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
