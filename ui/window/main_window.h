#pragma once
// The main window: assembles the panels as dock widgets and wires them to the one
// inference worker. It holds no model state of its own beyond what the worker reported.
//
// One selection drives everything: the network tree, layer table, growth chart and feature
// map panel all emit layerSelected(); selectLayer() updates the others and asks the worker
// for that layer's map.
#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QThread>
#include <QVector>

#include <memory>
#include <optional>

#include "app_settings.h"
#include "image_browser.h"
#include "inference_worker.h"
#include "pending_requests.h"
#include "window_options.h"

class QDockWidget;
class QLabel;
class QMenu;
class QPushButton;
class QTimer;

namespace ds::ui {
class DockRoom;
class ElidedLabel;
class FrameSource;
class LiveFeed;
}

namespace ds::ui {

class AnalysisPanel;
// The dynamic property that marks the analysis docks (true), which presentation mode keeps.
inline constexpr const char* kAnalysisDockProperty = "densescopeAnalysisDock";
class ExplanationPanel;
class FeatureMapPanel;
class GrowthChart;
class GuideDialog;
class ImageView;
class LayerTable;
class ModelPanel;
class NetworkTree;
class PredictionsChart;
class StaleMarks;
class StatusPanel;
class WeightsDownloadDialog;
class WeightsManagerDialog;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Settings are saved this long after the last change (and on close).
    static constexpr int kSaveDelayMs = 1000;

    explicit MainWindow(const WindowOptions& options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Sends the first model and image requests. Call after show(): the window appears at once
    // and the model loads on the worker.
    void start();

    void requestModel(const ds::ui::ModelRequest& request);  // updates the model panel too
    void openImage(const QString& path);                 // its folder becomes the browse list
    void openImages(const QStringList& paths);           // these files become the browse list
    bool openFolder(const QString& folder);
    void showImage(const QImage& image, const QString& source);  // already decoded
    void pasteFromClipboard();
    void stepImage(int delta);  // next (+1) / previous (-1) image of the browse list
    void loadWeightsFile(const QString& path);
    void selectLayer(const QString& layer);
    // Marks channels [first, first + count) of `layer` (a dense block's output) in the growth
    // chart and, while the feature maps show that layer, in the thumbnail grid; count 0 clears.
    void highlightChannelRange(const QString& layer, int first, int count);
    // Fonts and thumbnails; at most zoomLimit() (a larger factor is clamped to it).
    void setScale(double scale);
    // The largest zoom with room for every visible panel on this screen (zoom_limit.h); 3 in
    // presentation mode and with a maximised dock (fewer panels).
    double zoomLimit() const;
    QSize zoomRoom() const;  // the room zoomLimit() fits the panels into
    // Stops the model load in progress (the Cancel button and Esc); the previous model stays.
    void cancelModelLoad();
    const PendingRequests& pending() const { return m_pending; }
    // View modes (main_window_presentation.cpp). Each saves the layout it replaces; Esc
    // (leaveViewMode) brings back the previous one exactly.
    // Presentation: full screen (unless fullScreen is false, for screenshots at a given
    // size), large type, only the image, predictions, feature maps (with the analysis tabs
    // beside them) and explanation docks.
    void enterPresentation(bool fullScreen = true);
    void leavePresentation();
    void maximizeDock(QDockWidget* dock);  // also: double-click a dock's title
    void leaveViewMode();
    void leaveAllViewModes();
    bool isPresentation() const { return m_presentation; }
    QDockWidget* maximizedDock() const { return m_maximizedDock; }

    double scale() const { return m_scale; }
    QString currentLayer() const { return m_layer; }
    QStringList recentFiles() const { return m_settings.recentFiles; }
    const std::optional<ds::ui::ModelInfo>& loadedModel() const { return m_model; }
    bool isIdle() const;  // every request so far has been answered and its results shown
    ds::ui::InferenceWorker* worker() const { return m_worker; }
    ModelPanel* modelPanel() const { return m_modelPanel; }
    ImageView* imageView() const { return m_imageView; }
    PredictionsChart* predictions() const { return m_predictions; }
    FeatureMapPanel* featureMaps() const { return m_featureMaps; }
    ExplanationPanel* explanation() const { return m_explanation; }
    StatusPanel* statusPanel() const { return m_status; }
    const QList<AnalysisPanel*>& analysisPanels() const { return m_analysisPanels; }
    // Docks by short name ("cam" for the dock "camDock"): every dock's name, and bringing one
    // to the front (false: no such dock). For --panel and tests.
    QStringList panelNames() const;
    bool raisePanel(const QString& name);
    // main_window_weights.cpp: the download dialog for `variant`'s official ImageNet file
    // (started; on success the model switches to it when that variant is in use), and the
    // ImageNet weights manager. Both delete themselves when closed.
    WeightsDownloadDialog* openWeightsDownload(const QString& variant);
    WeightsManagerDialog* openWeightsManager();
    QMenu* weightsMenu() const { return m_weightsMenu; }

    // Live mode (main_window_live.cpp): a video file or a camera feeds the network frame after
    // frame, keeping only the newest (live_feed.h). openVideo() starts playing `path` (false,
    // with the reason shown, when it cannot be played); startCamera() the camera with that id
    // (empty: the remembered one, else the system default) and remembers the choice.
    bool openVideo(const QString& path);
    bool startCamera(const QByteArray& id = {});
    // Any source (tests push synthetic frames through this, the path a camera's take): the
    // window takes ownership, stops and deletes the previous one. Does not start it.
    void setLiveSource(FrameSource* source);
    void stopLive();            // the last frame stays shown
    void setLiveRunning(bool running);  // Start/Stop: the same source again
    void setFrozen(bool frozen);  // Space: holds the frame shown (a video pauses)
    bool isLive() const;          // a source is running
    bool isFrozen() const;
    LiveFeed* liveFeed() const { return m_live; }
    FrameSource* liveSource() const { return m_liveSource; }
    QMenu* liveMenu() const { return m_liveMenu; }
    QString liveStatusText() const;  // what the status bar says about live mode

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
    bool eventFilter(QObject* watched, QEvent* event) override;
    void childEvent(QChildEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildDocks();
    void defaultDockSizes();
    // Model column `left` wide, image row `top` high (0: as they are), the rest to the maps,
    // each row shared in the proportion given (negative: as it is now).
    void fitDocks(int left, int top, double imageShare = -1, double mapsShare = -1);
    // The model column, the two rows and the panels in them at these sizes (by object name).
    void fitDocks(const QHash<QString, QSize>& sizes);
    QDockWidget* addDock(QWidget* widget, const QString& title, const QString& name,
                         Qt::DockWidgetArea area);
    void connectSelection();
    // main_window_analysis.cpp: the analysis panels, each a dock tabbed with the feature maps.
    void buildAnalysisDocks();
    QDockWidget* addAnalysisDock(AnalysisPanel* panel, const QString& title, const QString& name);
    void applyChannelHighlight();  // to the grid, for the map now shown
    void restoreComparisons();  // the growth chart's overlays from the settings
    // main_window_actions.cpp: the actions first, then the menus and the toolbar that show them.
    void createActions();
    void createMenus();
    void createToolBars();
    void createWeightsMenu();  // main_window_weights.cpp
    void updateWeightsMenu();  // the ImageNet entry: choose it, or download it
    void createViewModeActions();
    void setupLive();  // main_window_live.cpp
    void rebuildCameraMenu();
    void updateLiveActions();
    void updateLiveStatus();
    void endLive();  // the window closes: the source stops without calling back
    void followLiveSource();  // the live feed takes the source's frames while it runs
    // The window's part in live mode's flow: the network answered frame request `imageId`.
    void liveFrameAnswered(quint64 imageId, bool beforeApplying);
    void pushViewMode();
    QSize dockAreaSize(QDockWidget* dock) const;  // with its tab bar, when it is tabbed
    void rebuildRecentMenu();
    void openSample(const QString& path);  // the samples become the browse list
    void openDialog();
    void openFolderDialog();
    void openDropped(const QStringList& paths);
    void showAbout();
    void showGuide();

    void onModelLoaded(const ds::ui::ModelInfo& info);
    void onView(const ds::ui::ViewResult& view);
    void onFailed(quint64 id, ds::ui::RequestKind kind, const QString& message);
    void onBusy(bool busy, quint64 lastId);
    void updateNotice();
    void requestImageFile(const QString& path);
    void saveSettings();
    void scheduleSave();  // saveSettings() once changes have paused for kSaveDelayMs
    // main_window_pipeline.cpp: what is pending, which panels are out of date, cancelling.
    void setupPipeline();
    void sendModelRequest(const ds::ui::ModelRequest& request);
    void updateStaleMarks();
    void applyModel(const ds::ui::ModelInfo& info);
    void applyView(const ds::ui::ViewResult& view);
    void onModelCancelled(quint64 id);

    WindowOptions m_options;
    AppSettings m_settings;
    QThread m_thread;
    ds::ui::InferenceWorker* m_worker = nullptr;
    ImageBrowser m_browser;

    ModelPanel* m_modelPanel = nullptr;
    ImageView* m_imageView = nullptr;
    PredictionsChart* m_predictions = nullptr;
    bool m_headShown = false;  // the predictions are a taught head's (ViewResult::headId)
    NetworkTree* m_tree = nullptr;
    FeatureMapPanel* m_featureMaps = nullptr;
    GrowthChart* m_growth = nullptr;
    LayerTable* m_table = nullptr;
    StatusPanel* m_status = nullptr;
    ExplanationPanel* m_explanation = nullptr;
    GuideDialog* m_guide = nullptr;  // made when first opened
    QList<AnalysisPanel*> m_analysisPanels;
    struct {
        QString layer;
        int first = 0, count = 0;
        int blocks = 0;  // dense blocks of the model shown
    } m_channelHighlight;
    struct Actions {
        QAction* open = nullptr;
        QAction* openFolder = nullptr;
        QAction* paste = nullptr;
        QAction* loadWeights = nullptr;
        QAction* quit = nullptr;
        QAction* previous = nullptr;
        QAction* next = nullptr;
        QAction* zoomIn = nullptr;
        QAction* zoomOut = nullptr;
        QAction* zoomReset = nullptr;
        QAction* guide = nullptr;
        QAction* presentation = nullptr;
        QAction* leaveMode = nullptr;
        QAction* about = nullptr;
        QAction* aboutQt = nullptr;
    } m_actions;
    QMenu* m_samplesMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_weightsMenu = nullptr;  // Weights: ImageNet, its manager, a file; more go here
    QAction* m_imagenetAction = nullptr;
    QAction* m_labelsAction = nullptr;    // Weights → Labels… (weights files only)
    // Live mode.
    LiveFeed* m_live = nullptr;
    FrameSource* m_liveSource = nullptr;  // child of the window; null: none yet
    QMenu* m_liveMenu = nullptr;
    QMenu* m_cameraMenu = nullptr;
    struct LiveActions {
        QAction* openVideo = nullptr;
        QAction* run = nullptr;     // Start / Stop (checkable)
        QAction* freeze = nullptr;  // Space (checkable)
        QAction* loop = nullptr;
    } m_liveActions;
    ElidedLabel* m_liveStatus = nullptr;
    QTimer* m_liveTimer = nullptr;
    DockRoom* m_room = nullptr;

    std::optional<ds::ui::ModelInfo> m_model;  // what the worker has loaded
    ds::ui::ModelRequest m_requested;          // the newest model request
    QString m_layer;
    quint64 m_lastViewId = 0;
    quint64 m_shownImageId = 0;
    quint64 m_imageErrorId = 0;
    PendingRequests m_pending;  // requests not answered yet
    StaleMarks* m_staleMarks = nullptr;
    QPushButton* m_cancelLoad = nullptr;
    QAction* m_cancelAction = nullptr;
    QTimer* m_cancelDelay = nullptr;
    quint64 m_shownModelId = 0;  // ModelInfo::id on the panels
    // A superseded view, shown if nothing newer comes (every newer request failed).
    std::optional<ds::ui::ViewResult> m_deferred;
    bool m_idle = true;  // every request made so far has been answered and shown
    static constexpr double kMaxScale = 3.0;
    void givePredictionsRoom();     // the top row tall enough for the predictions panel
    void applyScale(double scale);  // fonts only; setScale() also keeps to the limit
    void updateZoomActions();       // Zoom in disabled at the limit, saying why
    double m_scale = 1.0;
    double m_basePointSize = 0;
    QTimer* m_saveTimer = nullptr;
    struct SavedView {
        QByteArray state;
        QRect geometry;
        Qt::WindowStates windowState;
        double scale = 1.0;
        bool statusBar = true;
        QDockWidget* maximizedDock = nullptr;
        bool presentation = false;
        QList<QDockWidget*> raised;    // the docks that were visible (front tabs)
        QHash<QString, QSize> sizes;  // their sizes, by object name
    };
    QVector<SavedView> m_viewModes;  // innermost last
    QDockWidget* m_maximizedDock = nullptr;
    bool m_presentation = false;
};

}  // namespace ds::ui
