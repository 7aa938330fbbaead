#pragma once
// What one lesson step needs from the model, computed ahead (lesson_mode.h prepares every step
// in the background when the lesson opens; step_render.h prepares one synchronously).
//
// A StepPreparer resolves what the step shows (its layer, channel, class, image: the step's,
// else the lesson's, else the defaults below) and runs the work in short pieces on the thread
// that owns the engine. Steps that need no model (architecture, node, growth) are finished at
// once. The result (StepData) is a plain value the painter (lesson_paint.h) reads.
#include <QImage>
#include <QString>
#include <QVector>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "densescope/analysis.h"
#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/image.h"
#include "lesson.h"

namespace ds::ui {

// What a step shows once its blanks are filled in.
struct ResolvedStep {
    LessonStepKind kind = LessonStepKind::Image;
    QString layer;
    int channel = 0;
    int classIndex = -1;
    CamMethod method = CamMethod::GradCam;
    QString folder;
    int block = -1;
    QString imagePath;  // empty: the image given to the preparer (the workbench's)
};

// Fills the step's blanks: `fallbackLayer` is the workbench's layer (may be empty). Defaults:
// feature maps and channel: features.denseblock1; node: features.denseblock1.denselayer3 (or
// the block's last layer); CAM: features.norm5; top images and visualise: features.denseblock3.
ResolvedStep resolveStep(const Lesson& lesson, int index, const DenseNetConfig& config,
                         const QString& fallbackLayer = {});

// Whether the step needs the loaded model (and so is prepared on the engine's thread).
bool stepNeedsEngine(LessonStepKind kind);

struct TopImageHit {
    QImage thumb;  // the network input, 224 x 224
    QString name;  // file name
    float value = 0.f;
};

struct StepData {
    QString error;   // why the step cannot be shown (a missing image, a bad layer ...)
    RgbImage image;  // the step's image as opened
    RgbImage input;  // its 224 x 224 network input
    std::vector<Prediction> top;
    bool randomWeights = false;
    std::optional<FeatureMap> map;     // feature-maps / channel steps
    std::optional<CamResult> cam;      // cam / cam-strip
    std::vector<BlockConnectivity> reuse;
    std::vector<TopImageHit> topImages;  // best first
    int imagesScanned = 0;
    std::optional<VisualizeResult> visualization;
};

class StepPreparer {
public:
    static constexpr int kTopImages = 6;
    static constexpr int kVisualizeStepsPerPiece = 4;

    // `image`: the workbench's image, used when neither the step nor the lesson names one
    // (when none is valid either, the built-in sample image).
    StepPreparer(const Lesson& lesson, int index, const DenseNetConfig& config,
                 const RgbImage& image, const QString& fallbackLayer = {},
                 int visualizeSteps = 128);
    ~StepPreparer();

    const ResolvedStep& step() const { return m_step; }
    // One piece of the work on the engine's thread (well under a second); true when finished.
    // Failures end up in data()->error (the step then shows the reason), not as exceptions;
    // ds::Cancelled passes through.
    bool run(Engine& engine, const std::function<bool()>& cancelled = {});
    bool finished() const { return m_finished; }
    int done() const { return m_done; }
    int total() const { return m_total; }
    std::shared_ptr<StepData> data() const { return m_data; }

    // Everything at once (renderLessonStep).
    void runAll(Engine& engine);

private:
    void begin(Engine& engine);

    ResolvedStep m_step;
    DenseNetConfig m_config;
    RgbImage m_workbenchImage;
    int m_visualizeSteps = 128;
    std::shared_ptr<StepData> m_data;
    bool m_started = false;
    bool m_finished = false;
    int m_done = 0, m_total = 1;
    QStringList m_files;  // top images: the folder's images, scanned one per piece
    std::unique_ptr<ChannelVisualizer> m_visualizer;
};

// The sample image lessons fall back on (resources: Chelsea the cat).
RgbImage lessonSampleImage();

}  // namespace ds::ui
