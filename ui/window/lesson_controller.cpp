#include "lesson_controller.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>

#include <exception>

#include "builtin_lesson.h"
#include "densescope/errors.h"
#include "i18n.h"
#include "lesson_editor.h"
#include "retranslate.h"

namespace ds::ui {
namespace {

// Which kind of step shows what a dock shows.
LessonStepKind kindOfPanel(const QString& panel, bool channelSelected) {
    if (panel == QLatin1String("featureMaps") || panel == QLatin1String("statistics"))
        return channelSelected ? LessonStepKind::Channel : LessonStepKind::FeatureMaps;
    if (panel == QLatin1String("growth")) return LessonStepKind::Growth;
    if (panel == QLatin1String("network") || panel == QLatin1String("layerTable") ||
        panel == QLatin1String("explanation"))
        return LessonStepKind::Node;
    if (panel == QLatin1String("model")) return LessonStepKind::Architecture;
    if (panel == QLatin1String("cam") || panel == QLatin1String("attribution") ||
        panel == QLatin1String("compare"))
        return LessonStepKind::Cam;
    if (panel == QLatin1String("reuse")) return LessonStepKind::Reuse;
    if (panel == QLatin1String("topImages")) return LessonStepKind::TopImages;
    if (panel == QLatin1String("visualize")) return LessonStepKind::Visualize;
    if (panel == QLatin1String("teach")) return LessonStepKind::Teach;
    return LessonStepKind::Image;  // the image, the predictions
}

// "features.denseblock2" → 2 (the dense block a layer is in; -1 outside blocks).
int blockOf(const QString& layer) {
    static const QLatin1String prefix("features.denseblock");
    if (!layer.startsWith(prefix)) return -1;
    bool ok = false;
    const int b = layer.mid(prefix.size()).section(QLatin1Char('.'), 0, 0).toInt(&ok);
    return ok ? b : -1;
}

QString startFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

}  // namespace

LessonController::LessonController(QMainWindow* window, Hooks hooks)
    : QObject(window), m_window(window), m_hooks(std::move(hooks)) {
    setObjectName(QStringLiteral("lessonController"));
    createActions();
    updateActions();
}

void LessonController::createActions() {
    const auto make = [this](const QString& text, const char* name) {
        auto* action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        m_window->addAction(action);  // shortcuts work without the menu open
        return action;
    };
    m_start = make(tr("&Start lesson"), "actionStartLesson");
    m_start->setShortcut(QKeySequence(Qt::Key_F5));
    m_start->setToolTip(tr("Full-screen lesson mode from the first step (F5)"));
    m_present = make(tr("Lesson mode for this &view"), "actionLessonMode");
    m_present->setShortcut(QKeySequence(Qt::Key_F11));
    m_present->setToolTip(
        tr("Full-screen lesson mode: the current lesson, or what the workbench shows (F11)"));
    m_builtin = make(tr("&Built-in lesson"), "actionBuiltinLesson");
    m_open = make(tr("&Open lesson…"), "actionOpenLesson");
    m_save = make(tr("Save lesson &as…"), "actionSaveLesson");
    m_addStep = make(tr("&Add this view as a step"), "actionAddLessonStep");
    m_edit = make(tr("&Edit steps…"), "actionEditLesson");
    m_export = make(tr("Export &handout…"), "actionExportHandout");
    connect(m_start, &QAction::triggered, this, &LessonController::start);
    connect(m_present, &QAction::triggered, this, &LessonController::present);
    connect(m_builtin, &QAction::triggered, this, [this] {
        useBuiltinLesson();
        start();
    });
    connect(m_open, &QAction::triggered, this, &LessonController::openDialog);
    connect(m_save, &QAction::triggered, this, &LessonController::saveDialog);
    connect(m_addStep, &QAction::triggered, this, &LessonController::addCurrentView);
    connect(m_edit, &QAction::triggered, this, [this] { editSteps(); });
    connect(m_export, &QAction::triggered, this, &LessonController::exportDialog);

    m_menu = new QMenu(tr("Le&sson"), m_window);
    m_menu->setObjectName(QStringLiteral("lessonMenu"));
    m_menu->addActions({m_start, m_present});
    m_menu->addSeparator();
    m_menu->addActions({m_builtin, m_open, m_save});
    m_menu->addSeparator();
    m_menu->addActions({m_addStep, m_edit});
    m_menu->addSeparator();
    m_menu->addAction(m_export);
    onLanguageChange(
        m_window,
        [this] {
            m_start->setText(tr("&Start lesson"));
            m_start->setToolTip(tr("Full-screen lesson mode from the first step (F5)"));
            m_present->setText(tr("Lesson mode for this &view"));
            m_present->setToolTip(tr(
                "Full-screen lesson mode: the current lesson, or what the workbench shows (F11)"));
            m_builtin->setText(tr("&Built-in lesson"));
            m_open->setText(tr("&Open lesson…"));
            m_save->setText(tr("Save lesson &as…"));
            m_addStep->setText(tr("&Add this view as a step"));
            m_edit->setText(tr("&Edit steps…"));
            m_export->setText(tr("Export &handout…"));
            m_menu->setTitle(tr("Le&sson"));
        },
        /*now=*/false);
}

void LessonController::updateActions() {
    const bool any = m_lesson && !m_lesson->steps.isEmpty();
    m_save->setEnabled(m_lesson.has_value());
    m_edit->setEnabled(any);
    m_export->setEnabled(any);
}

void LessonController::setLesson(const Lesson& lesson) {
    m_lesson = lesson;
    updateActions();
    emit lessonChanged();
}

bool LessonController::openLesson(const QString& path, QString* error) {
    try {
        Lesson lesson = readLessonFile(path);
        checkLessonFiles(lesson);
        m_path = path;
        setLesson(lesson);
        int problems = 0;
        for (const LessonStep& s : lesson.steps) problems += s.problem.isEmpty() ? 0 : 1;
        emit message(problems ? tr("Opened the lesson “%1”: %2 of its %3 steps cannot be shown "
                                   "on this computer (Edit steps… says why).")
                                    .arg(lesson.title)
                                    .arg(problems)
                                    .arg(lesson.steps.size())
                              : tr("Opened the lesson “%1” (%2 steps).")
                                    .arg(lesson.title)
                                    .arg(lesson.steps.size()),
                     8000);
        return true;
    } catch (const LessonError& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
}

bool LessonController::saveLesson(const QString& path, QString* error) {
    if (!m_lesson) {
        if (error) *error = tr("There is no lesson to save: add a step first.");
        return false;
    }
    try {
        writeLessonFile(*m_lesson, path);
        m_path = path;
        emit message(tr("Saved the lesson to %1.").arg(QDir::toNativeSeparators(path)), 5000);
        return true;
    } catch (const LessonError& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
}

bool LessonController::exportHandout(const QString& path, QString* error) {
    if (!m_lesson || m_lesson->steps.isEmpty()) {
        if (error) *error = tr("The lesson has no steps: add a step first.");
        return false;
    }
    HandoutOptions options;
    options.language = ds::i18n::currentLanguage();
    if (QLocale().measurementSystem() == QLocale::ImperialUSSystem) options.page = QPageSize::Letter;
    if (m_hooks.view) {
        const WorkbenchView view = m_hooks.view();
        if (m_lesson->variant.isEmpty()) options.model = QString::fromStdString(view.config.name);
        if (m_lesson->weights.isEmpty()) options.weights = view.weights;
        if (m_lesson->image.isEmpty()) options.image = view.image;
    }
    const StepRenderer render = m_hooks.renderer ? m_hooks.renderer(*m_lesson) : StepRenderer();
    QProgressDialog progress(tr("Drawing the handout…"), tr("Cancel"), 0,
                             int(m_lesson->steps.size()), m_window);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(500);
    try {
        writeHandout(*m_lesson, path, render, options, [&](int done, int) {
            progress.setValue(done);
            return !progress.wasCanceled();
        });
        emit message(tr("Wrote the handout %1.").arg(QDir::toNativeSeparators(path)), 5000);
        return true;
    } catch (const ds::Cancelled&) {
        if (error) *error = tr("The handout was cancelled; nothing was written.");
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
    }
    return false;
}

void LessonController::useBuiltinLesson() {
    const WorkbenchView view = m_hooks.view ? m_hooks.view() : WorkbenchView();
    try {
        setLesson(builtinLesson(view.config, ds::i18n::currentLanguage()));
        m_path.clear();
    } catch (const std::exception& e) {
        refuse(tr("Built-in lesson"), QString::fromUtf8(e.what()));
    }
}

void LessonController::addCurrentView() {
    const WorkbenchView view = m_hooks.view ? m_hooks.view() : WorkbenchView();
    if (!m_lesson) {
        Lesson lesson = lessonFromView(view);
        lesson.steps.clear();
        m_lesson = lesson;
    }
    LessonStep step = stepFromView(view);
    // The view's image, unless it is the lesson's own.
    if (step.image == m_lesson->image) step.image.clear();
    m_lesson->steps << step;
    updateActions();
    emit lessonChanged();
    emit message(tr("Added step %1: %2.").arg(m_lesson->steps.size()).arg(step.title), 5000);
}

void LessonController::present() {
    if (!m_hooks.present) return;
    if (m_lesson && !m_lesson->steps.isEmpty()) {
        m_hooks.present(*m_lesson, 0);
        return;
    }
    const WorkbenchView view = m_hooks.view ? m_hooks.view() : WorkbenchView();
    m_hooks.present(lessonFromView(view), 0);
}

void LessonController::start() {
    if (!m_lesson || m_lesson->steps.isEmpty()) useBuiltinLesson();
    if (m_lesson && !m_lesson->steps.isEmpty() && m_hooks.present) m_hooks.present(*m_lesson, 0);
}

LessonEditor* LessonController::editSteps(QWidget* parent, std::function<void()> accepted) {
    if (!m_lesson) return nullptr;
    // Window-modal, without a nested event loop: lesson mode keeps running behind it.
    auto* editor = new LessonEditor(*m_lesson, parent ? parent : m_window);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &QDialog::accepted, this, [this, editor, accepted = std::move(accepted)] {
        setLesson(editor->lesson());
        if (accepted) accepted();
    });
    editor->open();
    return editor;
}

LessonStep LessonController::stepFromView(const WorkbenchView& view) {
    LessonStep step;
    step.kind = kindOfPanel(view.panel, view.channel >= 0);
    step.image = view.image;
    switch (step.kind) {
        case LessonStepKind::Image:
            step.title = tr("The picture and its predictions");
            break;
        case LessonStepKind::Architecture:
            step.title = tr("The whole network");
            break;
        case LessonStepKind::Node:
            step.layer = view.layer;
            step.title = tr("What %1 does").arg(view.layer);
            break;
        case LessonStepKind::Growth:
            step.title = tr("How the channels grow");
            break;
        case LessonStepKind::FeatureMaps:
            step.layer = view.layer;
            step.title = tr("Feature maps of %1").arg(view.layer);
            break;
        case LessonStepKind::Channel:
            step.layer = view.layer;
            step.channel = view.channel;
            step.title = tr("Channel %1 of %2").arg(view.channel).arg(view.layer);
            break;
        case LessonStepKind::Cam:
            step.layer = view.camLayer.isEmpty() ? view.layer : view.camLayer;
            step.classIndex = view.classIndex;
            step.method = view.method;
            if (step.layer == QLatin1String("strip")) {
                step.kind = LessonStepKind::CamStrip;
                step.layer.clear();
                step.title = tr("Where it looks, block by block");
            } else {
                step.title = tr("Where it looks");
            }
            break;
        case LessonStepKind::Reuse:
            step.block = blockOf(view.layer);
            step.title = tr("Feature reuse");
            break;
        case LessonStepKind::TopImages:
            step.layer = view.layer;
            step.channel = qMax(0, view.channel);
            step.folder = view.folder;
            step.title = tr("Images that excite channel %1").arg(step.channel);
            break;
        case LessonStepKind::Visualize:
            step.layer = view.layer;
            step.channel = view.channel;
            step.title = tr("What channel %1 wants to see").arg(qMax(0, step.channel));
            break;
        case LessonStepKind::Teach:
            step.title = tr("Teaching it new classes");
            break;
        default:
            break;
    }
    if (!stepUsesImage(step.kind)) step.image.clear();
    return step;
}

Lesson LessonController::lessonFromView(const WorkbenchView& view) {
    Lesson lesson;
    lesson.title = tr("My lesson");
    lesson.language = ds::i18n::currentLanguage();
    lesson.variant = view.namedVariant ? QString::fromStdString(view.config.name) : QString();
    lesson.weights = view.weights;
    lesson.image = view.image;
    LessonStep step = stepFromView(view);
    if (step.image == lesson.image) step.image.clear();
    lesson.steps << step;
    return lesson;
}

void LessonController::openDialog() {
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Open lesson"), m_path.isEmpty() ? startFolder() : QFileInfo(m_path).path(),
        tr("DenseScope lessons (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    QString error;
    if (!openLesson(path, &error)) refuse(tr("Open lesson"), error);
}

void LessonController::saveDialog() {
    QString path = QFileDialog::getSaveFileName(
        m_window, tr("Save lesson as"),
        m_path.isEmpty() ? startFolder() + QStringLiteral("/lesson.json") : m_path,
        tr("DenseScope lessons (*.json)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".json");
    QString error;
    if (!saveLesson(path, &error)) refuse(tr("Save lesson as"), error);
}

void LessonController::exportDialog() {
    QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export handout"),
        (m_path.isEmpty() ? startFolder() : QFileInfo(m_path).path()) +
            QStringLiteral("/handout.pdf"),
        tr("PDF document (*.pdf)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".pdf");
    QString error;
    if (!exportHandout(path, &error)) refuse(tr("Export handout"), error);
}

void LessonController::refuse(const QString& title, const QString& reason) {
    QMessageBox::warning(m_window, title, reason);
}

}  // namespace ds::ui
