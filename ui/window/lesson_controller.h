#pragma once
// The workbench's side of lessons (ui/lesson/): the Lesson menu (Start lesson F5, Built-in
// lesson, Open lesson…, Save lesson as…, Add this view as a step, Edit steps…, Export
// handout…), the current lesson, and F11, which opens lesson mode on the current lesson or on
// a one-step lesson made from what the workbench shows (the one full-screen design).
//
// The window tells it what the workbench shows (Hooks::view) and how lesson mode is opened
// (Hooks::present, MainWindow::presentLesson); the handout's pictures come from
// Hooks::renderer (renderLessonStep of ui/lesson/step_render.h). A lesson file that cannot be
// read is refused with the reason and the current lesson is kept.
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

#include "densescope/config.h"
#include "handout.h"
#include "lesson.h"

class QAction;
class QMainWindow;
class QMenu;
class QWidget;

namespace ds::ui {

// What the workbench shows, as a step records it.
struct WorkbenchView {
    QString panel;  // the panel in front: a dock's short name ("featureMaps", "cam", ...)
    ds::DenseNetConfig config;
    bool namedVariant = true;  // config is a --variant name (else a custom layout)
    QString weights;           // the weights spec in use ("imagenet", "random:0", a file)
    QString image;             // the image's file ("" pasted or none)
    QString layer;
    int channel = -1;     // the feature maps' selected channel
    int classIndex = -1;  // Where it looks: the explained class (-1 the top-1)
    QString method;       // Where it looks: the CAM method's name
    QString camLayer;     // Where it looks: its layer ("" the selected layer)
    QString folder;       // Top images: the folder scanned
};

class LessonEditor;

class LessonController : public QObject {
    Q_OBJECT
public:
    struct Hooks {
        std::function<WorkbenchView()> view;
        std::function<void(const Lesson&, int step)> present;  // opens lesson mode
        // The handout's pictures for this lesson (empty: pages with text only).
        std::function<StepRenderer(const Lesson&)> renderer;
    };
    LessonController(QMainWindow* window, Hooks hooks);

    QMenu* menu() const { return m_menu; }
    QAction* startAction() const { return m_start; }        // F5
    QAction* presentAction() const { return m_present; }    // F11
    QAction* builtinAction() const { return m_builtin; }
    QAction* openAction() const { return m_open; }
    QAction* saveAction() const { return m_save; }
    QAction* addStepAction() const { return m_addStep; }
    QAction* editAction() const { return m_edit; }
    QAction* exportAction() const { return m_export; }

    // The lesson being prepared or given; nullopt until one is made, opened or added to.
    const std::optional<Lesson>& lesson() const { return m_lesson; }
    void setLesson(const Lesson& lesson);
    // A file: true when it opened (it becomes the lesson, its missing files noted per step);
    // false with the reason in *error, the current lesson kept.
    bool openLesson(const QString& path, QString* error = nullptr);
    bool saveLesson(const QString& path, QString* error = nullptr);
    bool exportHandout(const QString& path, QString* error = nullptr);
    // The built-in lesson on the loaded model, in the UI's language.
    void useBuiltinLesson();
    // Appends the workbench's view as a step (a new lesson when there is none).
    void addCurrentView();
    // F11: lesson mode on the current lesson, else on a one-step lesson of the current view.
    void present();
    // F5: lesson mode from the first step (the built-in lesson when there is none).
    void start();
    // Opens the step editor (also lesson mode's editRequested()) over `parent` (null: the
    // window), window-modal; on OK the edited lesson becomes the lesson and `accepted` runs.
    // Returns the editor (nullptr: no lesson to edit).
    LessonEditor* editSteps(QWidget* parent = nullptr, std::function<void()> accepted = {});

    // A step of the kind that shows what the view's front panel shows.
    static LessonStep stepFromView(const WorkbenchView& view);
    static Lesson lessonFromView(const WorkbenchView& view);  // its model, weights and image

signals:
    void lessonChanged();
    void message(const QString& text, int timeoutMs);  // for the status bar

private:
    void createActions();
    void updateActions();
    void openDialog();
    void saveDialog();
    void exportDialog();
    void refuse(const QString& title, const QString& reason);

    QMainWindow* m_window;
    Hooks m_hooks;
    std::optional<Lesson> m_lesson;
    QString m_path;  // the file the lesson was opened from or saved to
    QMenu* m_menu = nullptr;
    QAction* m_start = nullptr;
    QAction* m_present = nullptr;
    QAction* m_builtin = nullptr;
    QAction* m_open = nullptr;
    QAction* m_save = nullptr;
    QAction* m_addStep = nullptr;
    QAction* m_edit = nullptr;
    QAction* m_export = nullptr;
};

}  // namespace ds::ui
