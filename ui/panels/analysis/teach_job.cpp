#include "teach_job.h"

#include <QCoreApplication>
#include <QMutexLocker>

#include <chrono>

#include "densescope/errors.h"
#include "error_text.h"
#include "image_io.h"

namespace ds::ui {

namespace {
// Work per step: the worker serves a new image or model between steps.
constexpr double kStepBudgetMs = 250.0;
constexpr int kEpochsPerRound = 5;
}  // namespace

TeachTrainJob::TeachTrainJob(std::vector<TeachExample> examples,
                             std::vector<std::string> classNames, ds::TrainOptions options,
                             std::shared_ptr<ds::FeatureCache> cache)
    : m_examples(std::move(examples)),
      m_classNames(std::move(classNames)),
      m_options(options),
      m_cache(cache ? std::move(cache) : std::make_shared<ds::FeatureCache>()) {}

std::vector<ds::EpochStats> TeachTrainJob::curve() const {
    QMutexLocker lock(&m_mutex);
    return m_curve;
}

bool TeachTrainJob::step(AnalysisContext& context) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto overBudget = [&start] {
        return std::chrono::duration<double, std::milli>(Clock::now() - start).count() >
               kStepBudgetMs;
    };
    const auto stopIfCancelled = [&context] {
        if (context.cancelled()) throw ds::Cancelled("Training was cancelled.");
    };
    if (!m_backbone) m_backbone = ds::backboneIdentity(context.engine);
    while (m_next < m_examples.size()) {
        stopIfCancelled();
        const TeachExample& example = m_examples[m_next++];
        ds::FeatureCache::Key key;
        const bool keyed = ds::FeatureCache::keyFor(*m_backbone, example.path.toStdString(), &key);
        if (const auto* cached = keyed ? m_cache->find(key) : nullptr) {
            m_features.push_back(*cached);
        } else {
            try {
                auto features = ds::pooledFeatures(context.engine, loadImage(example.path));
                ++m_forwards;
                if (keyed) m_cache->insert(key, features);
                m_features.push_back(std::move(features));
            } catch (const ds::Cancelled&) {
                throw;
            } catch (const std::exception& e) {
                m_skipped.emplace_back(example.path, errorText(e));
                continue;
            }
        }
        m_labels.push_back(example.label);
        m_used.push_back(example);
        context.progress(int(m_next), totalUnits(), {});
        if (overBudget()) return false;
    }
    if (!m_trainer) {
        // Throws ConfigError (for a person) when a class has too few readable examples.
        m_trainer = std::make_unique<ds::HeadTrainer>(std::move(m_features), m_labels,
                                                      m_classNames, *m_backbone, m_options);
        m_features.clear();
    }
    while (!m_trainer->finished()) {
        stopIfCancelled();
        m_trainer->step(kEpochsPerRound);
        {
            QMutexLocker lock(&m_mutex);
            m_curve = m_trainer->curve();
        }
        context.progress(int(m_examples.size()) + m_trainer->epoch(), totalUnits(), {});
        if (overBudget()) break;
    }
    if (!m_trainer->finished()) return false;
    m_report = m_trainer->report();
    m_trainer.reset();
    return true;
}

}  // namespace ds::ui
