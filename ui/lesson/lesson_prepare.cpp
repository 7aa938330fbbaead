#include "lesson_prepare.h"

#include <QFileInfo>

#include <algorithm>

#include "densescope/errors.h"
#include "densescope/preprocess.h"
#include "image_files.h"
#include "image_io.h"

namespace ds::ui {

namespace {

bool hasLayer(const DenseNetConfig& config, const QString& layer) {
    if (layer.isEmpty()) return false;
    try {
        return ds::summarize(config).find(layer.toStdString()) != nullptr;
    } catch (const std::exception&) {
        return false;
    }
}

QString defaultLayer(LessonStepKind kind, const DenseNetConfig& config) {
    switch (kind) {
    case LessonStepKind::Node: {
        const int layers = config.blockConfig.empty() ? 1 : config.blockConfig.front();
        return QStringLiteral("features.denseblock1.denselayer%1").arg(std::min(3, layers));
    }
    case LessonStepKind::Cam:
        return QStringLiteral("features.norm5");
    case LessonStepKind::TopImages:
    case LessonStepKind::Visualize:
        return config.blockConfig.size() >= 3 ? QStringLiteral("features.denseblock3")
                                              : QStringLiteral("features.denseblock1");
    default:
        return QStringLiteral("features.denseblock1");
    }
}

}  // namespace

RgbImage lessonSampleImage() {
    static const RgbImage sample = [] {
        try {
            return loadImage(QStringLiteral(":/samples/chelsea.png"));
        } catch (const std::exception&) {
            // No resources linked: a plain grey picture so that shapes and maps still show.
            RgbImage grey;
            grey.width = grey.height = 224;
            grey.pixels.assign(size_t(224) * 224 * 3, 128);
            return grey;
        }
    }();
    return sample;
}

bool stepNeedsEngine(LessonStepKind kind) {
    switch (kind) {
    case LessonStepKind::Architecture:
    case LessonStepKind::Node:
    case LessonStepKind::Growth:
        return false;
    default:
        return true;
    }
}

ResolvedStep resolveStep(const Lesson& lesson, int index, const DenseNetConfig& config,
                         const QString& fallbackLayer) {
    const LessonStep& s = lesson.steps.at(index);
    ResolvedStep r;
    r.kind = s.kind;
    r.layer = hasLayer(config, s.layer)       ? s.layer
              : hasLayer(config, fallbackLayer) && s.layer.isEmpty() &&
                      s.kind != LessonStepKind::Cam && s.kind != LessonStepKind::Node
                  ? fallbackLayer
                  : defaultLayer(s.kind, config);
    if (!s.layer.isEmpty() && !hasLayer(config, s.layer)) r.layer = s.layer;  // said as an error
    r.channel = std::max(0, s.channel);
    r.classIndex = s.classIndex;
    if (!s.method.isEmpty()) {
        try {
            r.method = parseCamMethod(s.method.toStdString());
        } catch (const std::exception&) {
            r.method = CamMethod::GradCam;
        }
    }
    r.folder = s.folder;
    r.block = s.block;
    r.imagePath = !s.image.isEmpty() ? s.image : lesson.image;
    return r;
}

StepPreparer::StepPreparer(const Lesson& lesson, int index, const DenseNetConfig& config,
                           const RgbImage& image, const QString& fallbackLayer,
                           int visualizeSteps)
    : m_step(resolveStep(lesson, index, config, fallbackLayer)), m_config(config),
      m_workbenchImage(image), m_visualizeSteps(std::max(1, visualizeSteps)),
      m_data(std::make_shared<StepData>()) {
    if (!lesson.steps.at(index).problem.isEmpty()) m_data->error = lesson.steps.at(index).problem;
    if (!stepNeedsEngine(m_step.kind) || !m_data->error.isEmpty()) {
        m_finished = true;
        m_done = m_total;
    }
}

StepPreparer::~StepPreparer() = default;

void StepPreparer::begin(Engine& engine) {
    m_started = true;
    StepData& d = *m_data;
    d.randomWeights = engine.weightsSource().kind == Engine::WeightsSource::Kind::Random;
    if (!m_step.imagePath.isEmpty()) {
        d.image = loadImage(m_step.imagePath);  // ImageError names the file
    } else {
        d.image = m_workbenchImage.valid() ? m_workbenchImage : lessonSampleImage();
    }
    d.input = networkInputImage(d.image);
    const std::string layer = m_step.layer.toStdString();
    switch (m_step.kind) {
    case LessonStepKind::FeatureMaps:
    case LessonStepKind::Channel: {
        ClassifyResult r = engine.classify(d.image, 5, {layer});
        d.top = r.top;
        d.map = std::move(r.maps.front());
        if (m_step.channel >= d.map->channels)
            throw ConfigError("channel " + std::to_string(m_step.channel) + " is not in " + layer +
                              ", which has channels 0 to " + std::to_string(d.map->channels - 1));
        m_finished = true;
        break;
    }
    case LessonStepKind::Cam:
    case LessonStepKind::CamStrip: {
        const std::vector<std::string> layers = m_step.kind == LessonStepKind::Cam
                                                    ? std::vector<std::string>{layer}
                                                    : camStripLayers(m_config);
        d.cam = computeCams(engine, d.image, layers, m_step.method, m_step.classIndex, 5);
        d.top = d.cam->top;
        m_finished = true;
        break;
    }
    case LessonStepKind::Reuse:
        d.reuse = connectivity(engine);
        d.top = engine.classify(d.image, 5).top;
        m_finished = true;
        break;
    case LessonStepKind::TopImages: {
        if (m_step.folder.isEmpty())
            throw ConfigError("this step names no folder of images to scan (the \"folder\" field)");
        if (!QFileInfo(m_step.folder).isDir())
            throw ConfigError("the folder " + m_step.folder.toStdString() + " is missing");
        m_files = imageFilesIn(m_step.folder);
        if (m_files.isEmpty())
            throw ConfigError("the folder " + m_step.folder.toStdString() + " holds no images");
        m_total = int(m_files.size());
        break;
    }
    case LessonStepKind::Visualize:
        m_visualizer = std::make_unique<ChannelVisualizer>(
            engine, layer, m_step.channel,
            VisualizeOptions{m_visualizeSteps, 0, VisualizeOptions{}.learningRate});
        m_total = m_visualizeSteps;
        break;
    default:  // image, teach
        d.top = engine.classify(d.image, 5).top;
        m_finished = true;
        break;
    }
}

bool StepPreparer::run(Engine& engine, const std::function<bool()>& cancelled) {
    if (m_finished) return true;
    if (cancelled && cancelled()) throw Cancelled("cancelled");
    try {
        if (!m_started) {
            begin(engine);
        } else if (m_step.kind == LessonStepKind::TopImages) {
            const QString file = m_files.at(m_done);
            try {
                const RgbImage image = loadImage(file);
                const ChannelPeaks peaks = channelPeaks(engine, image, m_step.layer.toStdString());
                if (m_step.channel >= peaks.channels)
                    throw ConfigError("channel " + std::to_string(m_step.channel) +
                                      " is not in " + m_step.layer.toStdString());
                TopImageHit hit{toQImage(networkInputImage(image)), QFileInfo(file).fileName(),
                                peaks.max[size_t(m_step.channel)]};
                auto& hits = m_data->topImages;
                hits.insert(std::upper_bound(hits.begin(), hits.end(), hit,
                                             [](const TopImageHit& a, const TopImageHit& b) {
                                                 return a.value > b.value;
                                             }),
                            std::move(hit));
                if (int(hits.size()) > kTopImages) hits.pop_back();
            } catch (const ImageError&) {
                // an unreadable file is skipped, as the Top images panel does
            }
            ++m_done;
            m_data->imagesScanned = m_done;
            m_finished = m_done >= m_total;
        } else if (m_step.kind == LessonStepKind::Visualize) {
            m_done = m_visualizer->run(kVisualizeStepsPerPiece);
            if (m_visualizer->finished()) {
                m_data->visualization = m_visualizer->result();
                m_visualizer.reset();
                m_finished = true;
            }
        }
    } catch (const Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        m_data->error = QString::fromUtf8(e.what());
        m_finished = true;
    }
    if (m_finished) m_done = m_total;
    return m_finished;
}

void StepPreparer::runAll(Engine& engine) {
    while (!run(engine)) {
    }
}

}  // namespace ds::ui
