#pragma once
// The main window: assembles the panels as dock widgets and wires them to the one inference
// worker. It holds no model state of its own beyond what the worker reported. It composes
// controllers for the rest: the images (image_controller.h), live mode (live_controller.h), the
// Weights menu and downloads (weights_controller.h), the view modes (view_mode_controller.h),
// Teach's window side (teach_controller.h) and the analysis panels' routing (analysis_router.h).
//
// One selection drives everything: the network tree, layer table, growth chart and feature
// map panel all emit layerSelected(); selectLayer() updates the others and asks the worker
// for that layer's map.
#include <QMainWindow>
#include <QPointer>
#include <QThread>

#include <memory>
#include <optional>

#include "app_settings.h"
#include "inference_worker.h"
#include "lesson.h"
#include "pending_requests.h"
#include "window_options.h"

class QMenu;

namespace ds::ui {

class AnalysisPanel;
class AnalysisRouter;
class DockRoom;
class ExplanationPanel;
class FeatureMapPanel;
class GrowthChart;
class GuideDialog;
class ImageController;
class ImageView;
class LayerTable;
class LessonController;
class LessonMode;
class LiveController;
class ModelPanel;
class NetworkTree;
class PredictionsChart;
class StatusPanel;
class TeachController;
class ViewModeController;
class WeightsController;
class WeightsDownloadDialog;
class WeightsManagerDialog;
struct PipelineMarks;
struct WorkbenchView;
struct WindowActions;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    static constexpr int kSaveDelayMs = 1000;  // settings: saved this long after the last change
    static constexpr double kMaxScale = 3.0;

    explicit MainWindow(const WindowOptions& options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Sends the first model and image requests. Call after show(): the window appears at once
    // and the model loads on the worker.
    void start();

    void requestModel(const ds::ui::ModelRequest& request);  // updates the model panel too
    // Images (the ImageController's, which see): a file, files or a folder (the browse list),
    // the clipboard, stepping through the list; an image already decoded.
    void openImage(const QString& path);
    void openImages(const QStringList& paths);
    bool openFolder(const QString& folder);
    void pasteFromClipboard();
    void stepImage(int delta);
    void showImage(const QImage& image, const QString& source);
    void loadWeightsFile(const QString& path);
    void selectLayer(const QString& layer);
    // Fonts and thumbnails; at most zoomLimit() (a larger factor is clamped to it).
    void setScale(double scale);
    // The largest zoom with room for every visible panel on this screen (zoom_limit.h); 3
    // with a maximised dock (fewer panels).
    double zoomLimit() const;
    QSize zoomRoom() const;  // the room zoomLimit() fits the panels into
    // Stops the model load in progress (the Cancel button and Esc); the previous model stays.
    void cancelModelLoad();
    const PendingRequests& pending() const { return m_pending; }
    // Lesson mode (main_window_lesson.cpp, lesson_mode.h): opens `lesson` at `step` (0-based)
    // in its own full-screen window over the workbench; Esc returns to the workbench exactly
    // as it was. A lesson that names a variant, weights or an image other than the ones shown
    // loads them first (the workbench then shows them too). F11 (lessons()->present()) opens
    // it on the current lesson, or on a one-step lesson of what the workbench shows.
    void presentLesson(const ds::ui::Lesson& lesson, int step);
    LessonMode* lessonMode() const { return m_lessonMode; }
    // The lesson window's size instead of full screen (--size with --lesson; tests).
    void setLessonWindowSize(const QSize& size) { m_lessonSize = size; }
    // What the workbench shows, as a lesson step records it (main_window_lesson.cpp).
    WorkbenchView workbenchView() const;
    // Start-up (--visualize-steps): the Visualise tab runs with `steps` once a view is shown.
    void visualizeOnFirstView(int steps);

    double scale() const { return m_scale; }
    QString currentLayer() const { return m_layer; }
    QStringList recentFiles() const { return m_settings.recentFiles; }
    const std::optional<ds::ui::ModelInfo>& loadedModel() const { return m_model; }
    bool isIdle() const { return m_idle; }  // every request answered and its results shown
    ds::ui::InferenceWorker* worker() const { return m_worker; }
    ModelPanel* modelPanel() const { return m_modelPanel; }
    ImageView* imageView() const { return m_imageView; }
    PredictionsChart* predictions() const { return m_predictions; }
    FeatureMapPanel* featureMaps() const { return m_featureMaps; }
    ExplanationPanel* explanation() const { return m_explanation; }
    StatusPanel* statusPanel() const { return m_status; }
    const QList<AnalysisPanel*>& analysisPanels() const;
    // Docks by short name ("cam" for the dock "camDock"): every dock's name, and bringing one
    // to the front (false: no such dock). For --panel and tests.
    QStringList panelNames() const;
    bool raisePanel(const QString& name);

    ImageController* images() const { return m_images; }
    LiveController* live() const { return m_live; }
    WeightsController* weights() const { return m_weights; }
    ViewModeController* viewModes() const { return m_viewModes; }
    TeachController* teach() const { return m_teach; }
    LessonController* lessons() const { return m_lessons; }
    AnalysisRouter* analyses() const { return m_analyses; }
    // For app/main.cpp's --dialog: the weights controller's dialogs, and the menus.
    WeightsDownloadDialog* openWeightsDownload(const QString& variant);
    WeightsManagerDialog* openWeightsManager();
    QMenu* weightsMenu() const;
    QMenu* liveMenu() const;

signals:
    void modelShown(const ds::ui::ModelInfo& info);
    void viewShown();  // a view (image, predictions, map) has been applied to the panels
    void viewApplied(const ds::ui::ViewResult& view);  // the same, with what was applied
    void layerShown(const QString& layer);  // the selected layer changed (any reason)
    void errorShown(ds::ui::RequestKind kind, const QString& message);
    void idle();  // the worker has nothing left to do

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;  // both: the geometry is saved (debounced)
    void moveEvent(QMoveEvent* event) override;
    void childEvent(QChildEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private slots:
    void onModelLoaded(const ds::ui::ModelInfo& info);
    void onView(const ds::ui::ViewResult& view);
    void onFailed(quint64 id, ds::ui::RequestKind kind, const QString& message);
    void onBusy(bool busy, quint64 lastId);
    void onModelCancelled(quint64 id);
    void onLiveError(const QString& message, int timeoutMs);
    void updateNotice();
    void givePredictionsRoom();  // the top row tall enough for the predictions panel
    void saveSettings();
    void scheduleSave();  // saveSettings() once changes have paused for kSaveDelayMs
    void requestImageFile(const QString& path);
    // main_window_actions.cpp: what the window's own actions do.
    void loadWeightsDialog();
    void zoomIn();
    void zoomOut();
    void resetZoom();
    void showAbout();
    void showGuide();

private:
    // main_window_layout.cpp: the docks, their default sizes and the zoom.
    void buildDocks();
    void buildAnalysisDocks();
    QDockWidget* addDock(QWidget* widget, const QString& title, const QString& name,
                         Qt::DockWidgetArea area);
    void defaultDockSizes();
    // Model column `left` wide, image row `top` high (0: as they are), the rest to the maps,
    // each row shared in the proportion given (negative: as it is now).
    void fitDocks(int left, int top, double imageShare = -1, double mapsShare = -1);
    void applyScale(double scale);  // fonts only; setScale() also keeps to the limit
    void updateZoomActions();       // Zoom in disabled at the limit, saying why
    void composeControllers();      // main_window.cpp: live, weights, view modes, teach
    void composeLessons();          // main_window_lesson.cpp: the Lesson menu
    void noteFrontDock(QDockWidget* dock);  // the panel "Add this view as a step" records
    void connectSelection();
    void restoreComparisons();  // the growth chart's overlays from the settings
    // main_window_actions.cpp: the actions first, then the menus and the toolbar.
    void createActions();
    void createMenus();
    void createToolBars();
    // main_window_pipeline.cpp: what is pending, which panels are out of date, cancelling.
    void setupPipeline();
    void sendModelRequest(const ds::ui::ModelRequest& request);
    void updateStaleMarks();
    void applyModel(const ds::ui::ModelInfo& info);
    void applyView(const ds::ui::ViewResult& view);

    WindowOptions m_options;
    AppSettings m_settings;
    QThread m_thread;
    ds::ui::InferenceWorker* m_worker = nullptr;
    // The panels (children of their docks).
    ModelPanel* m_modelPanel = nullptr;
    ImageView* m_imageView = nullptr;
    PredictionsChart* m_predictions = nullptr;
    NetworkTree* m_tree = nullptr;
    FeatureMapPanel* m_featureMaps = nullptr;
    GrowthChart* m_growth = nullptr;
    LayerTable* m_table = nullptr;
    ExplanationPanel* m_explanation = nullptr;
    StatusPanel* m_status = nullptr;
    GuideDialog* m_guide = nullptr;  // made when first opened
    DockRoom* m_room = nullptr;
    // The controllers (children of the window).
    ImageController* m_images = nullptr;
    AnalysisRouter* m_analyses = nullptr;
    TeachController* m_teach = nullptr;
    LiveController* m_live = nullptr;
    WeightsController* m_weights = nullptr;
    ViewModeController* m_viewModes = nullptr;
    LessonController* m_lessons = nullptr;
    QPointer<QDockWidget> m_frontDock;  // the dock last clicked in or brought to the front
    std::unique_ptr<WindowActions> m_actions;  // main_window_parts.h: its own actions, menus
    // What the panels show, and the requests not answered yet.
    std::optional<ds::ui::ModelInfo> m_model;  // what the worker has loaded
    ds::ui::ModelRequest m_requested;          // the newest model request
    QString m_layer;
    PendingRequests m_pending;
    std::unique_ptr<PipelineMarks> m_marks;  // main_window_parts.h: ids shown, stale marks
    bool m_idle = true;  // every request made so far has been answered and shown
    double m_scale = 1.0;
    double m_basePointSize = 0;
    QTimer* m_saveTimer = nullptr;
    LessonMode* m_lessonMode = nullptr;  // made when first presented
    QSize m_lessonSize;
    QString m_lessonImage;  // the image the last lesson opened
};

}  // namespace ds::ui
