// HeadTrainer (teach.h): softmax regression on standardised pooled features, full-batch Adam
// with weight decay, a seeded held-out split per class. Plain loops in double: a few hundred
// examples of 1024 features train in well under a second, deterministically.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "densescope/errors.h"
#include "densescope/teach.h"

namespace ds {
namespace {

uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// Fisher-Yates with our own generator: the same split on every platform and library.
void shuffle(std::vector<int>& v, uint64_t seed) {
    uint64_t state = seed;
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[size_t(splitmix64(state) % i)]);
}

// Softmax of one row in place; returns the log-probability of `target` (or 0 when < 0).
double softmax(double* row, int n, int target) {
    const double top = *std::max_element(row, row + n);
    double sum = 0;
    for (int j = 0; j < n; ++j) sum += (row[j] = std::exp(row[j] - top));
    for (int j = 0; j < n; ++j) row[j] /= sum;
    return target < 0 ? 0.0 : std::log(std::max(row[target], 1e-300));
}

int argmax(const double* row, int n) { return int(std::max_element(row, row + n) - row); }

}  // namespace

HeadTrainer::HeadTrainer(std::vector<std::vector<float>> features, std::vector<int> labels,
                         std::vector<std::string> classNames, BackboneIdentity backbone,
                         TrainOptions options)
    : m_features(std::move(features)),
      m_labels(std::move(labels)),
      m_classNames(std::move(classNames)),
      m_backbone(std::move(backbone)),
      m_options(options) {
    m_n = int(m_classNames.size());
    if (m_n < 2)
        throw ConfigError("Teaching needs at least 2 classes; got " + std::to_string(m_n) + ".");
    if (m_features.size() != m_labels.size() || m_features.empty())
        throw ConfigError("Teaching needs one label per example and at least one example.");
    if (!(options.holdout >= 0 && options.holdout <= 0.9))
        throw ConfigError("The held-out share must be between 0 and 0.9; got " +
                          std::to_string(options.holdout) + ".");
    if (options.epochs < 1 || options.epochs > 1000000)
        throw ConfigError("The number of epochs must be between 1 and 1000000.");
    if (!(options.learningRate > 0 && options.learningRate < 10) ||
        !(options.weightDecay >= 0 && options.weightDecay < 10))
        throw ConfigError("The learning rate must be in (0, 10) and the weight decay in [0, 10).");
    m_c = int(m_features[0].size());
    if (m_c < 1) throw ConfigError("The examples have no features.");
    for (size_t i = 0; i < m_features.size(); ++i) {
        if (int(m_features[i].size()) != m_c)
            throw ConfigError("Example " + std::to_string(i) + " has " +
                              std::to_string(m_features[i].size()) + " features, the first has " +
                              std::to_string(m_c) + ".");
        for (float v : m_features[i])
            if (!std::isfinite(v))
                throw ConfigError("Example " + std::to_string(i) +
                                  " has a feature that is not a finite number.");
        if (m_labels[i] < 0 || m_labels[i] >= m_n)
            throw ConfigError("Example " + std::to_string(i) + " has label " +
                              std::to_string(m_labels[i]) + " outside the " + std::to_string(m_n) +
                              " classes.");
    }
    // The split: per class, a seeded shuffle; round(holdout * n) held out, at least 1.
    for (int k = 0; k < m_n; ++k) {
        std::vector<int> members;
        for (size_t i = 0; i < m_labels.size(); ++i)
            if (m_labels[i] == k) members.push_back(int(i));
        const int n = int(members.size());
        if (n == 0) throw ConfigError("Class '" + m_classNames[size_t(k)] + "' has no examples.");
        const int held =
            options.holdout > 0 ? std::max(1, int(std::lround(options.holdout * n))) : 0;
        if (n - held < 1)
            throw ConfigError("Class '" + m_classNames[size_t(k)] + "' has " + std::to_string(n) +
                              " example" + (n == 1 ? "" : "s") +
                              ": at least 2 are needed, one to train on and one to hold out "
                              "(add examples, or hold out nothing).");
        shuffle(members, options.seed * 1000003u + uint64_t(k));
        m_holdout.insert(m_holdout.end(), members.begin(), members.begin() + held);
        m_train.insert(m_train.end(), members.begin() + held, members.end());
    }
    std::sort(m_train.begin(), m_train.end());
    std::sort(m_holdout.begin(), m_holdout.end());
    // Standardisation over the training examples; a constant feature gets scale 0.
    m_mean.assign(size_t(m_c), 0.0);
    m_scale.assign(size_t(m_c), 0.0);
    for (int i : m_train)
        for (int c = 0; c < m_c; ++c) m_mean[size_t(c)] += m_features[size_t(i)][size_t(c)];
    for (auto& m : m_mean) m /= double(m_train.size());
    for (int i : m_train)
        for (int c = 0; c < m_c; ++c) {
            const double d = m_features[size_t(i)][size_t(c)] - m_mean[size_t(c)];
            m_scale[size_t(c)] += d * d;
        }
    for (auto& s : m_scale) {
        const double sd = std::sqrt(s / double(m_train.size()));
        s = sd > 1e-12 ? 1.0 / sd : 0.0;
    }
    m_w.assign(size_t(m_n) * size_t(m_c), 0.0);  // convex problem: zeros are a fine start
    m_b.assign(size_t(m_n), 0.0);
    m_mw = m_vw = m_w;
    m_mb = m_vb = m_b;
}

EpochStats HeadTrainer::step(int n) {
    const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    const size_t C = size_t(m_c), N = size_t(m_n);
    std::vector<double> z(C), logits(N), gw(m_w.size()), gb(N);
    for (int s = 0; s < n && !finished(); ++s) {
        std::fill(gw.begin(), gw.end(), 0.0);
        std::fill(gb.begin(), gb.end(), 0.0);
        double loss = 0;
        int correct = 0;
        for (int i : m_train) {
            const auto& x = m_features[size_t(i)];
            for (size_t c = 0; c < C; ++c) z[c] = (x[c] - m_mean[c]) * m_scale[c];
            for (size_t k = 0; k < N; ++k) {
                const double* w = &m_w[k * C];
                double sum = m_b[k];
                for (size_t c = 0; c < C; ++c) sum += w[c] * z[c];
                logits[k] = sum;
            }
            const int label = m_labels[size_t(i)];
            correct += argmax(logits.data(), m_n) == label;
            loss -= softmax(logits.data(), m_n, label);
            for (size_t k = 0; k < N; ++k) {
                const double g = logits[k] - (int(k) == label ? 1.0 : 0.0);
                gb[k] += g;
                double* row = &gw[k * C];
                for (size_t c = 0; c < C; ++c) row[c] += g * z[c];
            }
        }
        const double m = double(m_train.size());
        ++m_epoch;
        const double c1 = 1 - std::pow(beta1, m_epoch), c2 = 1 - std::pow(beta2, m_epoch);
        const auto adam = [&](double& p, double& mo, double& ve, double g) {
            mo = beta1 * mo + (1 - beta1) * g;
            ve = beta2 * ve + (1 - beta2) * g * g;
            p -= m_options.learningRate * (mo / c1) / (std::sqrt(ve / c2) + eps);
        };
        for (size_t j = 0; j < m_w.size(); ++j)
            adam(m_w[j], m_mw[j], m_vw[j], gw[j] / m + m_options.weightDecay * m_w[j]);
        for (size_t k = 0; k < N; ++k) adam(m_b[k], m_mb[k], m_vb[k], gb[k] / m);

        EpochStats stats;
        stats.epoch = m_epoch;
        stats.trainLoss = loss / m;
        stats.trainAccuracy = double(correct) / m;
        if (!m_holdout.empty()) {
            int right = 0;
            for (int i : m_holdout) {
                const auto& x = m_features[size_t(i)];
                for (size_t k = 0; k < N; ++k) {
                    double sum = m_b[k];
                    for (size_t c = 0; c < C; ++c)
                        sum += m_w[k * C + c] * (x[c] - m_mean[c]) * m_scale[c];
                    logits[k] = sum;
                }
                right += argmax(logits.data(), m_n) == m_labels[size_t(i)];
            }
            stats.holdoutAccuracy = double(right) / double(m_holdout.size());
        }
        m_curve.push_back(stats);
    }
    return m_curve.empty() ? EpochStats{} : m_curve.back();
}

LinearHead HeadTrainer::folded() const {
    LinearHead head;
    head.classNames = m_classNames;
    head.featureCount = m_c;
    head.backbone = m_backbone;
    head.weight.resize(m_w.size());
    head.bias.resize(size_t(m_n));
    const size_t C = size_t(m_c);
    for (size_t k = 0; k < size_t(m_n); ++k) {
        double shift = m_b[k];
        for (size_t c = 0; c < C; ++c) {
            const double w = m_w[k * C + c] * m_scale[c];
            head.weight[k * C + c] = float(w);
            shift -= w * m_mean[c];
        }
        head.bias[k] = float(shift);
    }
    return head;
}

TrainReport HeadTrainer::report() const {
    TrainReport r;
    r.head = folded();
    r.curve = m_curve;
    r.trainIndices = m_train;
    r.holdoutIndices = m_holdout;
    r.confusion.assign(size_t(m_n), std::vector<int>(size_t(m_n), 0));
    int right = 0;
    for (int i : m_holdout) {
        // The folded head on the raw features: exactly what a saved head predicts.
        const auto logits = r.head.logits(m_features[size_t(i)]);
        const int predicted = int(std::max_element(logits.begin(), logits.end()) - logits.begin());
        const int truth = m_labels[size_t(i)];
        ++r.confusion[size_t(truth)][size_t(predicted)];
        if (predicted == truth)
            ++right;
        else
            r.mistakes.push_back({i, truth, predicted});
    }
    if (!m_holdout.empty()) r.holdoutAccuracy = double(right) / double(m_holdout.size());
    r.head.training.curve = r.curve;  // saved with the head: a reopened head shows them
    r.head.training.confusion = r.confusion;
    r.head.training.holdoutAccuracy = r.holdoutAccuracy;
    return r;
}

}  // namespace ds
