// readLabels (engine.h): a labels file is small text, but its path can name anything (a FIFO,
// a device) and its bytes can be anything, so the reader opens without blocking, reads only a
// regular file of at most 16 MB, and counts the lines before it keeps any.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "densescope/engine.h"
#include "binary_file.h"
#include "densescope/errors.h"

namespace ds {

namespace {

constexpr off_t kMaxBytes = 16 << 20;
constexpr size_t kMaxLabels = 100'000;  // DenseNetConfig::validate's most classes

bool validUtf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80         ? 1
                         : (c >> 5) == 6  ? 2
                         : (c >> 4) == 14 ? 3
                         : (c >> 3) == 30 ? 4
                                          : 0;
        if (!n || i + n > s.size()) return false;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
        i += n;
    }
    return true;
}

// The whole file, opened by weight loading's rule (binary_file.h: without blocking, and only a
// regular file, its type and size taken from the open descriptor).
std::string readText(const std::string& path) {
    const RegularFile file = openRegularFile(path);
    if (!file.ok() && file.error)
        throw ConfigError("Cannot open the labels file '" + path + "': " +
                          std::strerror(file.error) + ". Give a text file with one label per line.");
    if (!file.ok())
        throw ConfigError("The labels file '" + path + "' is " + fileTypeName(file.mode) +
                          ", not a regular file: give a text file with one label per line.");
    const int fd = file.fd;
    auto fail = [&](const std::string& what) {
        ::close(fd);
        throw ConfigError(what);
    };
    if (file.size > uint64_t(kMaxBytes))
        fail("The labels file '" + path +
             "' is larger than 16 MB: it should be a text file with one label per line.");
    std::string text(size_t(file.size), '\0');
    size_t got = 0;
    while (got < text.size()) {
        const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            fail("Cannot read the labels file '" + path + "': " + std::strerror(errno) + ".");
        if (n == 0) break;  // shortened while being read: what is there is checked as text
        got += size_t(n);
    }
    ::close(fd);
    text.resize(got);
    return text;
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

}  // namespace

std::vector<std::string> readLabels(const std::string& path) {
    std::string text = readText(path);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    if (!validUtf8(text) || text.find('\0') != std::string::npos)
        throw ConfigError("The labels file '" + path +
                          "' is not UTF-8 text: save it as UTF-8 with one label per line.");
    // Trailing blank lines are ignored: cut the text after the last line with a label.
    const size_t last = text.find_last_not_of(" \t\r\n");
    if (last == std::string::npos)
        throw ConfigError("The labels file '" + path + "' has no labels: give one per line.");
    text.resize(std::min(text.find('\n', last), text.size()));
    // Counted before any is kept: 16 MB of line breaks would be 16 million strings.
    const size_t lines = size_t(std::count(text.begin(), text.end(), '\n')) + 1;
    if (lines > kMaxLabels)
        throw ConfigError("The labels file '" + path + "' has " + std::to_string(lines) +
                          " lines, more than any model has classes (" + std::to_string(kMaxLabels) +
                          "): give one label per class.");
    std::vector<std::string> labels;
    labels.reserve(lines);
    for (size_t start = 0; start <= text.size();) {
        size_t end = std::min(text.find('\n', start), text.size());
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (blank(line))
            throw ConfigError("Line " + std::to_string(labels.size() + 1) +
                              " of the labels file '" + path +
                              "' is empty: give one label per line for each class, with no blank "
                              "lines between them.");
        labels.push_back(std::move(line));
        start = end + 1;
    }
    return labels;
}

}  // namespace ds
