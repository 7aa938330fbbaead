#pragma once
// "Teach": teach the network new classes. The person makes classes (named; renamed; deleted),
// gives each examples (image files, a folder, the clipboard, the image shown now), sees them as
// thumbnails and presses Train: a TeachTrainJob (teach_job.h) on the worker trains a linear
// head on the frozen network's pooled features with a held-out share of each class, showing
// progress (Cancel stops it), the loss and held-out accuracy per epoch and the per-class
// confusion matrix with thumbnails of the mistakes. "Taught classes" then makes the predictions
// (and the "Where it looks" tab) use the head (InferenceWorker::requestHead); "ImageNet classes"
// switches back. Save… / Open… write and read the head as one .safetensors file (teach.h); a
// head made for another network is refused with the reason in the panel.
//
// teach_panel.cpp: the widgets, the classes and their examples; teach_panel_train.cpp:
// training, the results, the head and the dialogs.
#include <QHash>
#include <QIcon>
#include <QImage>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

#include "analysis_panel.h"
#include "densescope/teach.h"

class QBoxLayout;
class QButtonGroup;
class QCustomPlot;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QTemporaryDir;
class QTimer;

namespace ds::ui {

class ConfusionGrid;
class LiveFeed;
class TeachTrainJob;

class TeachPanel : public AnalysisPanel {
    Q_OBJECT
public:
    explicit TeachPanel(QWidget* parent = nullptr);
    ~TeachPanel() override;

    void modelChanged(const ds::ui::ModelInfo& info) override;
    void viewChanged(const ds::ui::ViewResult& view) override;

    // The classes and their examples (what the buttons do; tests and --teach-data use these).
    int classCount() const { return int(m_classes.size()); }
    QString className(int index) const;
    QStringList examples(int index) const;
    int addClass(const QString& name = {});  // returns its index; empty: "Class N"
    void renameClass(int index, const QString& name);
    void removeClass(int index);
    int addExamples(int index, const QStringList& files);  // image files; returns how many
    int addFolder(int index, const QString& folder);       // its image files
    bool addImage(int index, const QImage& image);  // clipboard, current image: saved as PNG
    bool addCurrentImage(int index);                // the image the window shows
    // Replaces the classes with one per subfolder of `folder` (natural order, as train-head).
    int loadDataFolder(const QString& folder);
    // Adds one class per subfolder of `folder` with its images (a subfolder named like a
    // class adds to it); the others stay. Returns the number of images added; message() says
    // what was added, or why nothing was.
    int addClassFolders(const QString& folder);

    void train();  // the Train button
    void cancelTraining();
    bool training() const { return m_jobId != 0; }
    const TeachTrainJob* lastJob() const { return m_finished.get(); }  // the last finished one
    std::shared_ptr<const ds::LinearHead> trainedHead() const { return m_head; }

    void useTaughtClasses(bool use);  // the switch; the worker confirms (headInUse)
    bool headInUse() const { return m_inUse; }
    bool saveHead(const QString& path);  // false: message() says why
    bool openHead(const QString& path);  // false: not a head file; the model check follows
    QString message() const;             // the panel's last notice or error
    const ConfusionGrid* confusionGrid() const { return m_confusion; }
    int mistakeCount() const;
    QString statusText() const;

    // Live frames as examples (teach_panel_capture.cpp). While capturing, the newest frame of
    // the live feed goes into the selected class kCaptureIntervalMs apart (a new frame each
    // time, none twice). Capturing runs while the "Hold to capture" button is held down, or
    // the C key with the Teach tab in front (not while typing in a field).
    static constexpr int kCaptureIntervalMs = 200;  // 5 frames a second
    static constexpr int kReleaseGraceMs = 150;     // a key release then press: the same hold
    void setLiveFeed(LiveFeed* feed);
    void setLiveRunning(bool running);  // the window: a camera or video is running
    void startCapture();
    void stopCapture();
    bool capturing() const;
    int capturedCount() const { return m_captured; }  // frames captured by the last hold

signals:
    void trainingFinished();            // a result is shown
    void headSwitched(bool inUse);      // the worker now predicts taught (or ImageNet) classes
    void headRefused(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;  // the C key
    void workerAttached(InferenceWorker* worker) override;
    void jobProgress(quint64 id, int done, int total, const QString& detail) override;
    void jobFinished(quint64 id, const std::shared_ptr<ds::ui::AnalysisJob>& job) override;
    void jobStopped(quint64 id, const QString& error) override;
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct TeachClass {
        QString name;
        QStringList files;
    };
    void buildWidgets();
    void applySizes();
    void retranslate();
    void refreshClasses();   // the class list, keeping the selection
    void refreshExamples();  // thumbnails of the selected class
    void updateButtons();
    int selectedClass() const;
    QIcon thumbnail(const QString& path);
    QString sessionFile(const QString& className);
    void showResult();
    void showOpenedHead();
    void requestHead(std::shared_ptr<const ds::LinearHead> head, const QString& source);
    void setMessage(const QString& text, bool error);
    // A message worded by `make`, again when the language changes (retranslate()).
    void setWordedMessage(const std::function<QString()>& make, bool error);
    void askNewClass();
    void askRename();
    void askFiles();
    void askFolder();
    void askClassFolders();
    void pasteImage();
    void askSave();
    void askOpen();
    void captureFrame();
    void updateCaptureButton();

    std::vector<TeachClass> m_classes;
    QHash<QString, QIcon> m_thumbnails;
    std::unique_ptr<QTemporaryDir> m_session;  // images from the clipboard or the window
    int m_sessionCount = 0;
    QImage m_currentImage;
    QString m_currentSource;
    bool m_modelReady = false;

    std::shared_ptr<ds::FeatureCache> m_cache;
    quint64 m_jobId = 0;
    std::shared_ptr<TeachTrainJob> m_job, m_finished;
    std::shared_ptr<const ds::LinearHead> m_head;  // trained or opened
    QString m_headSource;                          // the file it came from (empty: trained)
    quint64 m_headRequest = 0;
    std::shared_ptr<const ds::LinearHead> m_requested;
    QString m_requestedSource;
    bool m_inUse = false;
    QString m_message;
    std::function<QString()> m_makeMessage;  // how m_message was worded, when it can be again
    bool m_messageIsError = false;

    QBoxLayout* m_columns = nullptr;  // the classes | the results
    QBoxLayout* m_results = nullptr;  // the curve | the matrix and the switch
    QLabel* m_intro = nullptr;
    QLabel* m_classesTitle = nullptr;
    QListWidget* m_classList = nullptr;
    QPushButton* m_newClass = nullptr;
    QPushButton* m_rename = nullptr;
    QPushButton* m_delete = nullptr;
    QLabel* m_examplesTitle = nullptr;
    QListWidget* m_examples = nullptr;
    QPushButton* m_addFiles = nullptr;
    QPushButton* m_addFolder = nullptr;
    QPushButton* m_addClassFolders = nullptr;
    QPushButton* m_paste = nullptr;
    QPushButton* m_addCurrent = nullptr;
    QPushButton* m_removeExamples = nullptr;
    QPushButton* m_capture = nullptr;
    LiveFeed* m_liveFeed = nullptr;
    bool m_liveRunning = false;
    QTimer* m_captureTimer = nullptr;
    QTimer* m_releaseTimer = nullptr;
    quint64 m_lastCaptured = 0;  // LiveFrame::sequence of the last frame captured (0: none)
    int m_captured = 0;
    QPushButton* m_train = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QCustomPlot* m_plot = nullptr;
    QLabel* m_accuracy = nullptr;
    ConfusionGrid* m_confusion = nullptr;
    QLabel* m_mistakesTitle = nullptr;
    QListWidget* m_mistakes = nullptr;
    QLabel* m_useTitle = nullptr;
    QRadioButton* m_imagenet = nullptr;
    QRadioButton* m_taught = nullptr;
    QButtonGroup* m_use = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_open = nullptr;
    QLabel* m_messageLabel = nullptr;
    QLabel* m_howItWorks = nullptr;
};

}  // namespace ds::ui
