#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <unistd.h>

#include "binary_file.h"  // openRegularFile: the rule weight loading uses
#include "densescope/engine.h"
#include "densescope/errors.h"
#include "densescope/labels.h"

namespace ds {

namespace {
bool validUtf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!n || i + n > s.size()) return false;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
        i += n;
    }
    return true;
}
}  // namespace

// Plain C++ on purpose: 1000 values do not need ATen's softmax and topk kernels, and
// inference then pages in neither (~1 MB of code).
std::vector<Prediction> topPredictions(const std::vector<float>& logits, int topk,
                                       const std::vector<std::string>& given) {
    if (logits.empty()) return {};
    const float peak = *std::max_element(logits.begin(), logits.end());
    std::vector<float> probs(logits.size());
    double sum = 0;
    for (size_t i = 0; i < logits.size(); ++i) sum += probs[i] = std::exp(logits[i] - peak);
    for (auto& p : probs) p = float(p / sum);
    const int k = std::clamp(topk, 1, int(logits.size()));
    std::vector<int> order(logits.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
    // NaN (broken weights) ranks last, so the comparison stays a strict weak order.
    auto key = [&](int i) { return std::isnan(probs[size_t(i)]) ? -1.f : probs[size_t(i)]; };
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int b) {
        return key(a) > key(b) || (key(a) == key(b) && a < b);
    });
    const bool own = given.size() == logits.size();
    const auto& labels = own ? given : imagenetLabels();
    const bool named = own || logits.size() == labels.size();
    std::vector<Prediction> top;
    for (int i = 0; i < k; ++i) {
        Prediction p;
        p.index = order[size_t(i)];
        p.probability = probs[size_t(p.index)];
        p.label = named ? labels[size_t(p.index)] : "class " + std::to_string(p.index);
        top.push_back(std::move(p));
    }
    return top;
}

}  // namespace ds

namespace ds {

std::vector<std::string> readLabels(const std::string& path) {
    constexpr uint64_t kMaxBytes = 16 << 20;
    // Weight loading's rule (binary_file.h): a pipe or device is refused, never waited on.
    const RegularFile file = openRegularFile(path);
    if (!file.ok() && file.error)
        throw ConfigError("Cannot open the labels file '" + path + "': " +
                          std::strerror(file.error) + ". Give a text file with one label per line.");
    if (!file.ok())
        throw ConfigError("The labels file '" + path + "' is " + fileTypeName(file.mode) +
                          ", not a regular file: save the labels to a text file with one label "
                          "per line and give its path.");
    std::FILE* in = ::fdopen(file.fd, "rb");
    if (!in) {
        ::close(file.fd);
        throw ConfigError("Cannot read the labels file '" + path + "'.");
    }
    if (file.size > kMaxBytes) {
        std::fclose(in);
        throw ConfigError("The labels file '" + path +
                          "' is larger than 16 MB: it should be a text file with one label per "
                          "line.");
    }
    std::string text(size_t(file.size), '\0');
    const bool read = std::fread(text.data(), 1, text.size(), in) == text.size();
    std::fclose(in);
    if (!read) throw ConfigError("Cannot read the labels file '" + path + "'.");
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    if (!validUtf8(text) || text.find('\0') != std::string::npos)
        throw ConfigError("The labels file '" + path +
                          "' is not UTF-8 text: save it as UTF-8 with one label per line.");
    std::vector<std::string> labels;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        labels.push_back(std::move(line));
        start = end + 1;
    }
    while (!labels.empty() && labels.back().find_first_not_of(" \t") == std::string::npos)
        labels.pop_back();
    for (size_t i = 0; i < labels.size(); ++i)
        if (labels[i].find_first_not_of(" \t") == std::string::npos)
            throw ConfigError("Line " + std::to_string(i + 1) + " of the labels file '" + path +
                              "' is empty: give one label per line for each class, with no "
                              "blank lines between them.");
    if (labels.empty())
        throw ConfigError("The labels file '" + path + "' has no labels: give one per line.");
    return labels;
}

}  // namespace ds
