#pragma once
// The list of images the user steps through (a folder, or the files opened together) and
// the position in it. No widgets: MainWindow's [<] [>] actions drive it.
#include <QString>
#include <QStringList>

namespace ds::ui {

class ImageBrowser {
public:
    // Image files of `folder` (by extension, those Qt can read), sorted naturally.
    static QStringList imagesIn(const QString& folder);
    static bool isImageFile(const QString& path);
    static bool isWeightsFile(const QString& path);  // .pth, .pt, .pth.tar, .ckpt, .safetensors

    void setFiles(const QStringList& files, int current = 0);
    // The folder of `file` becomes the list, positioned at `file`.
    void openFileInFolder(const QString& file);
    bool openFolder(const QString& folder);  // false when it holds no images

    QString current() const;
    QString step(int delta);  // wraps around; empty when the list is empty
    int count() const { return int(m_files.size()); }
    int index() const { return m_index; }
    QString folder() const { return m_folder; }

private:
    QStringList m_files;
    int m_index = -1;
    QString m_folder;
};

}  // namespace ds::ui
