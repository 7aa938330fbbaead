// Faithfulness of a CAM (densescope/faithfulness.h): cam224, ROAD's masks and noise-free linear
// imputation (a sparse Cholesky factorisation from Eigen), and the logits of the changed inputs
// through the engine's fast forward.
#include "densescope/faithfulness.h"

#include <Eigen/OrderingMethods>
#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis_internal.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/preprocess.h"
#include "densescope/teach.h"

namespace ds {
namespace {

// s(v) = (v - min v) / (max(v - min v) + 1e-7), in float32 as torch computes it.
void normaliseInPlace(std::vector<float>& v) {
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    const float mn = *lo;
    const float range = *hi - mn;
    const float denominator = range + 1e-7f;
    for (auto& x : v) x = (x - mn) / denominator;
}

// One axis of bilinear resizing with half-pixel centres (align_corners=False): for each output
// index its two source indices and their weights, as LibTorch's upsample_bilinear2d.
struct Taps {
    std::vector<int> i0, i1;
    std::vector<float> w0, w1;
};
Taps taps(int in, int out) {
    Taps t;
    const float scale = float(in) / float(out);
    for (int o = 0; o < out; ++o) {
        float src = scale * (float(o) + 0.5f) - 0.5f;
        if (src < 0) src = 0;
        const int i0 = std::min(int(src), in - 1);
        const int i1 = i0 < in - 1 ? i0 + 1 : i0;
        const float l1 = src - float(i0);
        t.i0.push_back(i0);
        t.i1.push_back(i1);
        t.w0.push_back(1.f - l1);
        t.w1.push_back(l1);
    }
    return t;
}

void checkMap(const CamMap& map) {
    if (map.height < 1 || map.width < 1 ||
        map.values.size() != size_t(map.height) * size_t(map.width))
        throw ConfigError("The map of " + (map.layer.empty() ? std::string("a module") : map.layer) +
                          " must hold height x width values; it holds " +
                          std::to_string(map.values.size()) + " for " + std::to_string(map.height) +
                          " x " + std::to_string(map.width) +
                          ". Pass a map as computeCams() returns it.");
}

// The p-th percentile of `values` as numpy.percentile computes it (linear interpolation between
// the order statistics; the difference in float32, the interpolation in float64), rounded to
// float32 as numpy 1.x does when it compares a float32 array with it.
float percentile(std::vector<float> values, int percent) {
    const size_t n = values.size();
    const double virtualIndex = double(n - 1) * (double(percent) / 100.0);
    const double previous = std::floor(virtualIndex);
    const double gamma = virtualIndex - previous;
    const size_t lo = std::min(size_t(previous), n - 1);
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(lo), values.end());
    const float a = values[lo];
    const float b = lo + 1 < n ? *std::min_element(values.begin() + std::ptrdiff_t(lo) + 1, values.end()) : a;
    const float diff = b - a;
    const double t = gamma >= 0.5 ? double(b) - double(diff) * (1.0 - gamma)
                                  : double(a) + double(diff) * gamma;
    return float(t);
}

// The pixels of a height x width grid in nested dissection order: each rectangle's two halves
// (split across its longer side), then the one-pixel line between them, which no 8-neighbour
// step crosses. Numbering the unknowns so makes the sparse Cholesky factor of the imputation's
// 9-point system about half as costly as Eigen's AMD ordering does (measured at 45,000
// unknowns, 224 x 224).
void nestedDissection(int y0, int y1, int x0, int x1, int width, std::vector<int>& order) {
    const int h = y1 - y0, w = x1 - x0;
    if (h <= 0 || w <= 0) return;
    if (int64_t(h) * w <= 16) {
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) order.push_back(y * width + x);
        return;
    }
    if (w >= h) {
        const int m = x0 + w / 2;
        nestedDissection(y0, y1, x0, m, width, order);
        nestedDissection(y0, y1, m + 1, x1, width, order);
        for (int y = y0; y < y1; ++y) order.push_back(y * width + m);
    } else {
        const int m = y0 + h / 2;
        nestedDissection(y0, m, x0, x1, width, order);
        nestedDissection(m + 1, y1, x0, x1, width, order);
        for (int x = x0; x < x1; ++x) order.push_back(m * width + x);
    }
}

// The class's logit for each of `inputs` (N x [3, 224, 224], concatenated).
std::vector<double> classLogits(Engine& engine, const std::vector<float>& inputs, int count,
                                int classIndex, const LinearHead* head) {
    c10::InferenceMode guard;
    const auto batch = torch::from_blob(const_cast<float*>(inputs.data()),
                                        {count, 3, kRoadSize, kRoadSize}, torch::kFloat);
    torch::Tensor logits;
    if (head) {
        // As computeCams explains a head's class: the head on norm5's pooled features.
        auto& model = internal::EngineAccess::plainModel(engine);
        try {
            const auto input = batch.to(internal::EngineAccess::device(engine)).contiguous();
            const auto norm5 = internal::walk(model, input, {}, names::kNorm5);
            const auto pooled = torch::adaptive_avg_pool2d(torch::relu(norm5), {1, 1}).flatten(1);
            const auto w = torch::from_blob(const_cast<float*>(head->weight.data()),
                                            {head->classes(), head->featureCount}, torch::kFloat);
            const auto b = torch::from_blob(const_cast<float*>(head->bias.data()),
                                            {head->classes()}, torch::kFloat);
            logits = torch::linear(pooled, w.to(pooled.device()), b.to(pooled.device()))
                         .to(torch::kCPU, torch::kFloat);
        } catch (const c10::Error& e) {
            throw Error("Running the changed inputs through the head failed: " +
                        std::string(e.what_without_backtrace()));
        }
    } else {
        logits = internal::EngineAccess::fastLogits(engine, batch);
    }
    const auto column = logits.select(1, classIndex).to(torch::kDouble).contiguous();
    return {column.data_ptr<double>(), column.data_ptr<double>() + count};
}

}  // namespace

std::vector<float> cam224(const CamMap& map, int size) {
    checkMap(map);
    if (size < 1) throw ConfigError("The normalised map needs a size of at least 1.");
    std::vector<float> m(map.values);
    for (auto& v : m) v = std::max(v, 0.f);  // the map after its ReLU
    normaliseInPlace(m);
    const Taps ty = taps(map.height, size), tx = taps(map.width, size);
    std::vector<float> out(size_t(size) * size);
    for (int y = 0; y < size; ++y) {
        const float* r0 = m.data() + size_t(ty.i0[y]) * map.width;
        const float* r1 = m.data() + size_t(ty.i1[y]) * map.width;
        for (int x = 0; x < size; ++x) {
            const int a = tx.i0[x], b = tx.i1[x];
            out[size_t(y) * size + x] = ty.w0[y] * (tx.w0[x] * r0[a] + tx.w1[x] * r0[b]) +
                                        ty.w1[y] * (tx.w0[x] * r1[a] + tx.w1[x] * r1[b]);
        }
    }
    normaliseInPlace(out);
    return out;
}

std::vector<uint8_t> roadMask(const std::vector<float>& cam, int percent, bool mostRelevantFirst) {
    if (cam.empty()) throw ConfigError("ROAD needs a non-empty map.");
    if (percent < 0 || percent > 100)
        throw ConfigError("A percentile goes from 0 to 100; got " + std::to_string(percent) + ".");
    std::vector<float> v(cam);
    if (!mostRelevantFirst)
        for (auto& x : v) x = 1.f - x;
    const float t = percentile(v, percent);
    std::vector<uint8_t> removed(v.size());
    for (size_t i = 0; i < v.size(); ++i) removed[i] = v[i] >= t ? 1 : 0;
    return removed;
}

std::vector<float> roadImpute(const std::vector<float>& chw, int channels, int height, int width,
                              const std::vector<uint8_t>& removed) {
    if (channels < 1 || height < 1 || width < 1 ||
        chw.size() != size_t(channels) * size_t(height) * size_t(width))
        throw ConfigError("The image to impute must be [channels, height, width] float32; got " +
                          std::to_string(chw.size()) + " values for " + std::to_string(channels) +
                          " x " + std::to_string(height) + " x " + std::to_string(width) + ".");
    const size_t pixels = size_t(height) * size_t(width);
    if (removed.size() != pixels)
        throw ConfigError("The mask of removed pixels must have height x width = " +
                          std::to_string(pixels) + " entries; it has " +
                          std::to_string(removed.size()) + ".");
    // Unknowns: the removed pixels, numbered in nested dissection order.
    std::vector<int> order;
    order.reserve(pixels);
    nestedDissection(0, height, 0, width, width, order);
    std::vector<int> index(pixels, -1);
    std::vector<int> unknowns;
    for (const int p : order)
        if (removed[size_t(p)]) {
            index[size_t(p)] = int(unknowns.size());
            unknowns.push_back(p);
        }
    std::vector<float> out(chw);
    const int n = int(unknowns.size());
    if (n == 0) return out;
    if (size_t(n) == pixels) {
        // Nothing is kept: every constant image solves the system; the minimum-norm one is 0.
        std::fill(out.begin(), out.end(), 0.f);
        return out;
    }
    // Row i of "x_i = sum_j w_ij x_j / sum_j w_ij" times sum_j w_ij (times 12 for integer
    // weights: 2 across an edge, 1 across a corner) is symmetric positive definite:
    //   W_i x_i - sum_{j removed} w_ij x_j = sum_{j kept} w_ij v_j.
    static constexpr int dy[8] = {-1, 1, 0, 0, -1, -1, 1, 1};
    static constexpr int dx[8] = {0, 0, -1, 1, -1, 1, -1, 1};
    static constexpr double w[8] = {2, 2, 2, 2, 1, 1, 1, 1};
    std::vector<Eigen::Triplet<double>> triplets;
    triplets.reserve(size_t(n) * 9);
    Eigen::MatrixXd rhs = Eigen::MatrixXd::Zero(n, channels);
    const size_t plane = pixels;
    for (int i = 0; i < n; ++i) {
        const int y = unknowns[size_t(i)] / width, x = unknowns[size_t(i)] % width;
        double total = 0;
        for (int k = 0; k < 8; ++k) {
            const int ny = y + dy[k], nx = x + dx[k];
            if (ny < 0 || ny >= height || nx < 0 || nx >= width) continue;
            total += w[k];
            const size_t q = size_t(ny) * size_t(width) + size_t(nx);
            if (index[q] >= 0) {
                if (index[q] < i) triplets.emplace_back(i, index[q], -w[k]);  // lower triangle
            } else {
                for (int c = 0; c < channels; ++c) rhs(i, c) += w[k] * double(chw[c * plane + q]);
            }
        }
        triplets.emplace_back(i, i, total);
    }
    Eigen::SparseMatrix<double> a(n, n);
    a.setFromTriplets(triplets.begin(), triplets.end());
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>, Eigen::Lower, Eigen::NaturalOrdering<int>>
        solver(a);
    if (solver.info() != Eigen::Success)
        throw Error("ROAD's imputation could not factorise its system (" + std::to_string(n) +
                    " removed pixels).");
    const Eigen::MatrixXd solution = solver.solve(rhs);
    for (int i = 0; i < n; ++i)
        for (int c = 0; c < channels; ++c)
            out[c * plane + size_t(unknowns[size_t(i)])] = float(solution(i, c));
    return out;
}

FaithfulnessMetrics faithfulness(Engine& engine, const std::vector<float>& chw, int height,
                                 int width, const CamMap& map, int classIndex,
                                 const ProgressFn& progress, const LinearHead* head) {
    if (!engine.loaded()) throw std::logic_error("faithfulness() was called before a model was loaded");
    constexpr size_t kPixels = size_t(kRoadSize) * kRoadSize;
    if (height != kRoadSize || width != kRoadSize || chw.size() != 3 * kPixels)
        throw ImageError("The faithfulness metrics work on the 224 x 224 network input, float32 "
                         "[3, 224, 224]; got " + std::to_string(chw.size()) + " values for " +
                         std::to_string(height) + " x " + std::to_string(width) +
                         ". Preprocess the image first (ds::preprocess).");
    if (!head) head = engine.head().get();
    const int classes = head ? head->classes() : engine.config().numClasses;
    if (classIndex < 0 || classIndex >= classes)
        throw ConfigError("Class " + std::to_string(classIndex) + " does not exist: this model has " +
                          std::to_string(classes) + " classes (0 to " +
                          std::to_string(classes - 1) + ").");
    if (head) {
        const auto& model = internal::EngineAccess::plainModel(engine);
        const int features = int(model.features->norm5->options.num_features());
        if (head->featureCount != features)
            throw ConfigError("The head takes " + std::to_string(head->featureCount) +
                              " features, but this model's norm5 has " + std::to_string(features) +
                              ": it was trained on another backbone.");
    }
    checkMap(map);
    {
        const auto [lo, hi] = std::minmax_element(map.values.begin(), map.values.end());
        if (std::max(*hi, 0.f) <= std::max(*lo, 0.f))
            throw ConfigError("The map of " + map.layer + " is constant (" +
                              std::to_string(std::max(*hi, 0.f)) +
                              " everywhere after its ReLU): it ranks no pixel above another, so "
                              "its faithfulness cannot be measured. Try another module or class.");
    }
    const std::vector<float> cam = cam224(map);

    constexpr int kTotal = 2 * kRoadSteps + 2;
    int done = 0;
    auto step = [&](int steps) {
        done += steps;
        if (progress && !progress(done, kTotal))
            throw Cancelled("The faithfulness metrics of " + map.layer + " were cancelled.");
    };

    FaithfulnessMetrics result;
    result.classIndex = classIndex;
    for (int k = 0; k < kRoadSteps; ++k) result.percentiles.push_back(10 * (k + 1));

    // The inputs of one order's nine percentiles, imputed on LibTorch's intra-op threads (one
    // factorisation each, single-threaded), a thread's worth between progress reports.
    auto imputeAll = [&](bool mostRelevantFirst, std::vector<float>& inputs, size_t offset,
                         std::vector<int>& removedCounts) {
        removedCounts.assign(kRoadSteps, 0);
        const int chunk = std::max(1, at::get_num_threads());
        for (int start = 0; start < kRoadSteps; start += chunk) {
            const int end = std::min(kRoadSteps, start + chunk);
            at::parallel_for(start, end, 1, [&](int64_t begin, int64_t stop) {
                for (int64_t k = begin; k < stop; ++k) {
                    const auto mask = roadMask(cam, result.percentiles[size_t(k)], mostRelevantFirst);
                    removedCounts[size_t(k)] = int(std::count(mask.begin(), mask.end(), uint8_t(1)));
                    const auto imputed = roadImpute(chw, 3, kRoadSize, kRoadSize, mask);
                    std::copy(imputed.begin(), imputed.end(),
                              inputs.begin() + std::ptrdiff_t(offset + size_t(k) * 3 * kPixels));
                }
            });
            step(end - start);
        }
    };

    // First batch: x, x * cam224, and MoRF's nine; second: LeRF's nine.
    std::vector<float> first(size_t(2 + kRoadSteps) * 3 * kPixels);
    std::copy(chw.begin(), chw.end(), first.begin());
    for (int c = 0; c < 3; ++c)
        for (size_t p = 0; p < kPixels; ++p)
            first[3 * kPixels + size_t(c) * kPixels + p] = chw[size_t(c) * kPixels + p] * cam[p];
    imputeAll(true, first, 6 * kPixels, result.removedMorf);
    const auto y1 = classLogits(engine, first, 2 + kRoadSteps, classIndex, head);
    first = {};
    step(1);
    std::vector<float> second(size_t(kRoadSteps) * 3 * kPixels);
    imputeAll(false, second, 0, result.removedLerf);
    const auto y2 = classLogits(engine, second, kRoadSteps, classIndex, head);
    step(1);

    const double base = y1[0];
    result.logit = base;
    result.confidenceChange = y1[1] - base;
    for (int k = 0; k < kRoadSteps; ++k) {
        result.morf.push_back(y1[size_t(2 + k)] - base);
        result.lerf.push_back(y2[size_t(k)] - base);
    }
    double morf = 0, lerf = 0;
    for (int k = 0; k < kRoadSteps; ++k) {
        morf += result.morf[size_t(k)];
        lerf += result.lerf[size_t(k)];
    }
    result.roadMorf = morf / kRoadSteps;
    result.roadLerf = lerf / kRoadSteps;
    result.roadCombined = (result.roadLerf - result.roadMorf) / 2;
    return result;
}

FaithfulnessMetrics faithfulness(Engine& engine, const RgbImage& image, const CamMap& map,
                                 int classIndex, const ProgressFn& progress, const LinearHead* head) {
    return faithfulness(engine, preprocess(image), kRoadSize, kRoadSize, map, classIndex, progress,
                        head);
}

}  // namespace ds
