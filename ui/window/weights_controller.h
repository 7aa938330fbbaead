#pragma once
// The main window's Weights menu and downloads: ImageNet (chosen when its file is there, else
// downloaded in one click), the ImageNet weights manager (the app's `densescope-cli weights
// list`), a weights file of one's own, and Labels… for such a file's classes. The menu follows
// the newest model request (setRequest); choosing ImageNet, or a finished download of the
// variant in use, asks for a model with modelRequested().
#include <QObject>

#include "inference_worker.h"

class QAction;
class QMenu;
class QWidget;

namespace ds::ui {

class ModelPanel;
class WeightsDownloadDialog;
class WeightsManagerDialog;

class WeightsController : public QObject {
    Q_OBJECT
public:
    // `window` parents the menu and the dialogs; the model panel opens files and labels.
    WeightsController(QWidget* window, ModelPanel* modelPanel);

    QMenu* menu() const { return m_menu; }
    QAction* imagenetAction() const { return m_imagenet; }
    QAction* labelsAction() const { return m_labels; }
    ds::ui::ModelRequest request() const { return m_request; }
    // The download dialog for `variant`'s official ImageNet file (started; on success the model
    // switches to it when that variant is in use; null: no such file), and the ImageNet
    // weights manager. Both delete themselves when closed.
    WeightsDownloadDialog* openDownload(const QString& variant);
    WeightsManagerDialog* openManager();

public slots:
    void setRequest(const ds::ui::ModelRequest& request);  // updateMenu() when it opens
    void updateMenu();  // the ImageNet entry: choose it, or download it; Labels… for files

signals:
    void modelRequested(const ds::ui::ModelRequest& request);

private slots:
    void chooseImagenet();
    void downloaded(const QString& variant);

private:
    ModelPanel* m_modelPanel;
    QWidget* m_window;
    QMenu* m_menu;
    QAction* m_imagenet;
    QAction* m_labels;  // weights files only
    ds::ui::ModelRequest m_request;  // the newest model request
};

}  // namespace ds::ui
