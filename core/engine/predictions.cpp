#include <algorithm>
#include <cmath>
#include <cstring>

#include "densescope/engine.h"
#include "densescope/errors.h"
#include "densescope/labels.h"

namespace ds {

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
