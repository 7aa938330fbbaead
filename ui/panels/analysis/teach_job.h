#pragma once
// The work behind the "Teach" tab: a TeachTrainJob runs on the inference worker in steps of
// about a quarter of a second. First every example image runs once through the network for
// its pooled features (ds::pooledFeatures, through the engine's ordinary fast forward), unless
// the shared ds::FeatureCache has them for this backbone and file (path, size, modification
// time); then ds::HeadTrainer's epochs. Progress counts images, then epochs; Cancel stops it
// between two images or epochs. An image that cannot be read is skipped and listed. No widgets.
//
// Threading: step() and the cache run on the worker thread only (one job at a time uses the
// cache: the worker runs jobs one step after another); curve() may be read from any thread.
#include <QMutex>
#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "analysis_job.h"
#include "densescope/teach.h"

namespace ds::ui {

struct TeachExample {
    QString path;   // an image file
    int label = 0;  // its class
};

class TeachTrainJob : public AnalysisJob {
public:
    TeachTrainJob(std::vector<TeachExample> examples, std::vector<std::string> classNames,
                  ds::TrainOptions options, std::shared_ptr<ds::FeatureCache> cache);
    QString kind() const override { return QStringLiteral("teach-train"); }
    int needs() const override { return NeedsModel; }  // the shown image is not an input
    bool step(AnalysisContext& context) override;

    int totalUnits() const { return int(m_examples.size()) + m_options.epochs; }
    std::vector<ds::EpochStats> curve() const;  // the epochs so far (any thread)
    // Once finished (analysisFinished): the report; its example indices index used().
    const ds::TrainReport& report() const { return m_report; }
    const std::vector<TeachExample>& used() const { return m_used; }
    const std::vector<std::pair<QString, QString>>& skipped() const { return m_skipped; }
    int forwards() const { return m_forwards; }  // images run through the network (no cache)
    const ds::TrainOptions& options() const { return m_options; }

private:
    std::vector<TeachExample> m_examples;
    std::vector<std::string> m_classNames;
    ds::TrainOptions m_options;
    std::shared_ptr<ds::FeatureCache> m_cache;
    std::optional<ds::BackboneIdentity> m_backbone;
    size_t m_next = 0;
    std::vector<std::vector<float>> m_features;
    std::vector<int> m_labels;
    std::vector<TeachExample> m_used;
    std::vector<std::pair<QString, QString>> m_skipped;  // path, why
    int m_forwards = 0;
    std::unique_ptr<ds::HeadTrainer> m_trainer;
    mutable QMutex m_mutex;  // guards m_curve
    std::vector<ds::EpochStats> m_curve;
    ds::TrainReport m_report;
};

}  // namespace ds::ui
