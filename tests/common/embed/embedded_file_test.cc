#include "common/embed/embedded_file.h"

#include <string>

#include "gtest/gtest.h"

namespace kinerja::embed_test {
extern const ::kinerja::EmbeddedFiles kEmbeddedFiles;
}  // namespace kinerja::embed_test

namespace kinerja {
namespace {

TEST(EmbeddedFilesTest, HoldsEveryFileByteForByte) {
  const EmbeddedFiles& files = embed_test::kEmbeddedFiles;
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files.Find("index.html"), std::string_view("<!doctype html>\n<p>Beranda</p>\n"));
  EXPECT_EQ(files.Find("css/gaya.css"), std::string_view("p{color:#123}\n"));
  EXPECT_EQ(files.Find("bytes.png"), std::string_view("\x00\x01\xff", 3));
  EXPECT_FALSE(files.Find("missing.js").has_value());
}

TEST(EmbeddedFilesTest, ContentTypeFollowsTheExtension) {
  EXPECT_EQ(ContentTypeOf("app/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("konsol.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("gaya.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("data.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace kinerja
