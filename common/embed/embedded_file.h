// Files embedded in a binary at build time (web pages and their assets), made by the CMake
// function kinerja_embed_files: the binary serves them with nothing read from disk at run time.
#ifndef KINERJA_COMMON_EMBED_EMBEDDED_FILE_H_
#define KINERJA_COMMON_EMBED_EMBEDDED_FILE_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace kinerja {

struct EmbeddedFile {
  std::string_view path;     // Relative to the folder embedded, with '/' separators.
  std::string_view content;  // The file's bytes.
};

// The files of one kinerja_embed_files call; a span over static storage.
class EmbeddedFiles {
 public:
  constexpr EmbeddedFiles(const EmbeddedFile* files, size_t size) : files_(files), size_(size) {}

  const EmbeddedFile* begin() const { return files_; }
  const EmbeddedFile* end() const { return files_ + size_; }
  size_t size() const { return size_; }

  // The content of `path`, or nullopt if no such file was embedded.
  std::optional<std::string_view> Find(std::string_view path) const {
    for (const EmbeddedFile& file : *this) {
      if (file.path == path) return file.content;
    }
    return std::nullopt;
  }

 private:
  const EmbeddedFile* files_;
  size_t size_;
};

// The content type to serve a file with, from its extension (html, css, js, svg, png, ico,
// json, txt); "application/octet-stream" for any other.
inline std::string_view ContentTypeOf(std::string_view path) {
  struct Type {
    std::string_view extension;
    std::string_view content_type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"},        {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},    {".mjs", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},                    {".png", "image/png"},
      {".ico", "image/x-icon"},                     {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const Type& type : kTypes) {
    if (path.size() >= type.extension.size() &&
        path.substr(path.size() - type.extension.size()) == type.extension) {
      return type.content_type;
    }
  }
  return "application/octet-stream";
}

}  // namespace kinerja

#endif  // KINERJA_COMMON_EMBED_EMBEDDED_FILE_H_
