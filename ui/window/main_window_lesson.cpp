// MainWindow's side of lessons: the Lesson menu's controller (lesson_controller.h), what the
// workbench shows as a step records it, and lesson mode.
#include <QApplication>
#include <QDockWidget>
#include <QEvent>
#include <QFileInfo>
#include <QStatusBar>

#include <functional>
#include <memory>
#include <stdexcept>

#include "cam_panel.h"
#include "feature_map_panel.h"
#include "image_controller.h"
#include "lesson_controller.h"
#include "lesson_mode.h"
#include "main_window.h"
#include "error_text.h"
#include "step_render.h"
#include "top_images_panel.h"

namespace ds::ui {
namespace {

// The dock a widget is in (nullptr: none).
QDockWidget* dockOf(QWidget* widget) {
    for (QWidget* w = widget; w; w = w->parentWidget())
        if (auto* dock = qobject_cast<QDockWidget*>(w)) return dock;
    return nullptr;
}

QString shortName(const QDockWidget* dock) {
    const QString name = dock ? dock->objectName() : QString();
    return name.endsWith(QLatin1String("Dock")) ? name.chopped(4) : name;
}

}  // namespace

// Notes the dock a person clicks in, for "Add this view as a step".
class DockClicks : public QObject {
public:
    DockClicks(MainWindow* window, std::function<void(QDockWidget*)> clicked)
        : QObject(window), m_window(window), m_clicked(std::move(clicked)) {
        qApp->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::MouseButtonPress && watched->isWidgetType()) {
            auto* widget = static_cast<QWidget*>(watched);
            if (widget->window() == m_window)
                if (QDockWidget* dock = dockOf(widget)) m_clicked(dock);
        }
        return false;
    }

private:
    MainWindow* m_window;
    std::function<void(QDockWidget*)> m_clicked;
};

void MainWindow::noteFrontDock(QDockWidget* dock) { m_frontDock = dock; }

void MainWindow::composeLessons() {
    new DockClicks(this, [this](QDockWidget* dock) { noteFrontDock(dock); });
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        connect(dock, &QDockWidget::visibilityChanged, this, [this, dock](bool visible) {
            if (visible) noteFrontDock(dock);  // a tab picked, a panel shown
        });
    LessonController::Hooks hooks;
    hooks.view = [this] { return workbenchView(); };
    hooks.present = [this](const Lesson& lesson, int step) { presentLesson(lesson, step); };
    // The handout's pictures: lesson mode's drawing (renderLessonStep) on an engine of the
    // handout's own, loaded here with the lesson's model (else the workbench's), so the
    // worker's model and work are not disturbed. A model that cannot be loaded is said on
    // every page instead of its picture.
    hooks.renderer = [this](const Lesson& given) -> StepRenderer {
        auto lesson = std::make_shared<Lesson>(given);
        const WorkbenchView view = workbenchView();
        if (lesson->image.isEmpty()) lesson->image = view.image;
        ds::DenseNetConfig config = view.config;
        if (!lesson->variant.isEmpty()) {
            try {
                config = ds::DenseNetConfig::variant(lesson->variant.toStdString());
            } catch (const std::exception&) {
            }
        }
        const std::string weights = (lesson->weights.isEmpty() ? view.weights : lesson->weights).toStdString();
        auto engine = std::make_shared<ds::Engine>();
        QString failure;
        try {
            engine->load(config, weights);
        } catch (const std::exception& e) {
            failure = errorText(e);
        }
        return [lesson, engine, failure](int index, QSize size) {
            if (!failure.isEmpty()) throw std::runtime_error(failure.toStdString());
            return renderLessonStep(*lesson, index, *engine, size);
        };
    };
    m_lessons = new LessonController(this, hooks);
    connect(m_lessons, &LessonController::message, this,
            [this](const QString& text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); });
}

WorkbenchView MainWindow::workbenchView() const {
    WorkbenchView v;
    // The panel in front: the dock last clicked in or brought to the front (a tab picked,
    // raisePanel), while it is visible; else the front tab beside the feature maps.
    const QDockWidget* front = m_frontDock;
    if (!front || !front->isVisible() || front->visibleRegion().isEmpty()) {
        front = nullptr;
        auto* maps = findChild<QDockWidget*>(QStringLiteral("featureMapsDock"));
        QList<QDockWidget*> group = maps ? tabifiedDockWidgets(maps) : QList<QDockWidget*>();
        group.prepend(maps);
        for (QDockWidget* dock : group)
            if (dock && dock->isVisible() && !dock->visibleRegion().isEmpty()) front = dock;
        if (!front) front = maps;
    }
    v.panel = shortName(front);
    if (m_model) {
        v.config = m_model->config;
        v.weights = m_model->weightsSpec;
    } else {
        v.config = m_requested.config;
        v.weights = m_requested.weights;
    }
    try {
        v.namedVariant = ds::DenseNetConfig::variant(v.config.name) == v.config;
    } catch (const std::exception&) {
        v.namedVariant = false;
    }
    v.image = m_images->browser().current();  // a file, or a sample (":/samples/...")
    v.layer = m_layer;
    v.channel = m_featureMaps->selectedChannel();
    if (const auto* cam = findChild<CamPanel*>()) {
        v.classIndex = cam->explainedClass();
        v.method = QString::fromLatin1(ds::camMethodName(cam->method()));
        v.camLayer = cam->layer();
    }
    if (const auto* top = findChild<TopImagesPanel*>()) v.folder = top->folder();
    return v;
}

void MainWindow::presentLesson(const Lesson& lesson, int step) {
    if (!m_lessonMode) {
        m_lessonMode = new LessonMode(m_worker, this);
        connect(this, &MainWindow::modelShown, m_lessonMode, [this](const ModelInfo& info) {
            if (m_lessonMode->isVisible()) m_lessonMode->setModel(info);
        });
        // E in lesson mode: the step editor on the lesson shown, which becomes the lesson.
        connect(m_lessonMode, &LessonMode::editRequested, this, [this] {
            m_lessons->setLesson(m_lessonMode->lesson());
            m_lessons->editSteps(m_lessonMode, [this] {
                const int steps = int(m_lessons->lesson()->steps.size());
                if (steps > 0 && m_lessonMode->isVisible())
                    m_lessonMode->setLesson(*m_lessons->lesson(),
                                            qMin(m_lessonMode->currentStep(), steps - 1));
            });
        });
        connect(m_lessonMode, &LessonMode::left, this, [this] {
            raise();
            activateWindow();
        });
    }
    // The lesson's model and image, when it names others than the ones shown.
    if (!lesson.variant.isEmpty() || !lesson.weights.isEmpty()) {
        ModelRequest request = m_requested;
        bool change = false;
        if (!lesson.variant.isEmpty() && lesson.variant != QString::fromStdString(m_requested.config.name)) {
            try {
                request.config = DenseNetConfig::variant(lesson.variant.toStdString());
                change = true;
            } catch (const std::exception&) {
                // a custom layout the lesson names: the workbench's model stays
            }
        }
        if (!lesson.weights.isEmpty() && lesson.weights != m_requested.weights) {
            request.weights = lesson.weights;
            change = true;
        }
        if (change) requestModel(request);
    }
    if (!lesson.image.isEmpty() && lesson.image != m_lessonImage && QFileInfo(lesson.image).isFile()) {
        m_lessonImage = lesson.image;
        openImage(lesson.image);
    }
    m_lessonMode->setFallbackLayer(m_layer);
    m_lessonMode->setLesson(lesson, step);
    if (m_model && m_model->config == m_requested.config && m_model->weightsSpec == m_requested.weights)
        m_lessonMode->setModel(*m_model);
    m_lessonMode->present(m_lessonSize);
}

}  // namespace ds::ui
