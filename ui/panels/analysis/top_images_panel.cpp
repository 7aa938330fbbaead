#include "top_images_panel.h"
#include "retranslate.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <algorithm>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

#include "app_settings.h"
#include "dialog_folder.h"
#include "elided_label.h"
#include "human_format.h"

namespace ds::ui {

namespace {
constexpr int kPathRole = Qt::UserRole + 1;
constexpr int kScansInMemory = 4;
constexpr int kCachedScans = 32;  // on disk, the most recently written
const char kFolderKey[] = "topImages/folder";

// Whole seconds as "42 s", "3 min 5 s", "1 h 2 min".
QString duration(double seconds) {
    const auto s = qint64(std::llround(std::max(0.0, seconds)));
    if (s < 60) return TopImagesPanel::tr("%1 s").arg(s);
    if (s < 3600) return TopImagesPanel::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return TopImagesPanel::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}
}  // namespace

TopImagesPanel::TopImagesPanel(QWidget* parent)
    : AnalysisPanel(parent),
      m_folderLabel(new ElidedLabel(this)),
      m_choose(new QPushButton(tr("Choose folder…"), this)),
      m_start(new QPushButton(tr("Scan"), this)),
      m_stop(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)),
      m_status(new ElidedLabel(this)),
      m_channelSpin(new QSpinBox(this)),
      m_countSpin(new QSpinBox(this)),
      m_list(new QListWidget(this)),
      m_failures(new ElidedLabel(this)),
      m_refreshLater(new QTimer(this)) {
    setObjectName(QStringLiteral("topImagesPanel"));
    auto* top = new QHBoxLayout;
    auto* folderLabel = new QLabel(tr("Folder:"), this);
    top->addWidget(folderLabel);
    top->addWidget(m_folderLabel, 1);
    top->addWidget(m_choose);
    top->addWidget(m_start);
    top->addWidget(m_stop);
    // One line for the choice and the state: the progress bar shows only while images are
    // left to scan, the status line says what is shown (cut with "…" when narrow).
    auto* choice = new QHBoxLayout;
    auto* channelLabel = new QLabel(tr("Channel"), this);
    choice->addWidget(channelLabel);
    choice->addWidget(m_channelSpin);
    auto* showLabel = new QLabel(tr("Show"), this);
    choice->addWidget(showLabel);
    choice->addWidget(m_countSpin);
    choice->addWidget(m_progress, 1);
    choice->addWidget(m_status, 2);
    m_progress->setTextVisible(true);
    m_countSpin->setRange(1, 100);
    m_countSpin->setValue(12);
    m_countSpin->setToolTip(tr("How many images to show"));
    m_channelSpin->setRange(0, 0);
    m_channelSpin->setToolTip(
        tr("The channel of the selected layer (also chosen by clicking a "
           "thumbnail in Feature maps)"));

    m_list->setViewMode(QListView::IconMode);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    m_list->setWrapping(true);
    m_list->setWordWrap(true);
    m_list->setUniformItemSizes(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->setToolTip(
        tr("Outlined: the region of the network input that drives the "
           "channel's maximum. Click an image to open it."));
    m_failures->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(choice);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_failures);

    m_refreshLater->setSingleShot(true);
    m_refreshLater->setInterval(500);
    connect(m_refreshLater, &QTimer::timeout, this, &TopImagesPanel::refresh);
    connect(m_choose, &QPushButton::clicked, this, &TopImagesPanel::chooseFolder);
    connect(m_start, &QPushButton::clicked, this, [this] {
        m_userStopped = false;
        scan();
    });
    connect(m_stop, &QPushButton::clicked, this, &TopImagesPanel::cancel);
    connect(m_channelSpin, &QSpinBox::valueChanged, this, [this](int c) {
        if (c == m_channel) return;
        m_channel = c;
        refresh();
        emit channelRequested(c);
    });
    connect(m_countSpin, &QSpinBox::valueChanged, this, &TopImagesPanel::refresh);
    connect(m_list, &QListWidget::itemActivated, this, &TopImagesPanel::itemClicked);
    connect(m_list, &QListWidget::itemClicked, this, &TopImagesPanel::itemClicked);
    updateIconSize();
    updateControls();
    onLanguageChange(
        this,
        [=] {
            folderLabel->setText(tr("Folder:"));
            channelLabel->setText(tr("Channel"));
            showLabel->setText(tr("Show"));
            m_choose->setText(tr("Choose folder…"));
            m_stop->setText(tr("Cancel"));
            m_countSpin->setToolTip(tr("How many images to show"));
            m_channelSpin->setToolTip(
                tr("The channel of the selected layer (also chosen by clicking a "
                   "thumbnail in Feature maps)"));
            m_list->setToolTip(
                tr("Outlined: the region of the network input that drives the "
                   "channel's maximum. Click an image to open it."));
            refresh();  // the items' tooltips, the failures and the status line
            updateControls();
        },
        /*now=*/false);
}

void TopImagesPanel::setFolder(const QString& folder) {
    forgetCacheRead();
    m_folder = folder.isEmpty() ? QString() : QDir(folder).absolutePath();
    m_userStopped = false;
    m_error.clear();
    if (isShown()) scan();
    updateControls();
}

void TopImagesPanel::chooseFolder() {
    QString start = m_folder;
    if (start.isEmpty() && m_remember)
        start = AppSettings::open()->value(QLatin1String(kFolderKey)).toString();
    if (start.isEmpty() || !QFileInfo(start).isDir()) start = dialogStartFolder();
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Folder of images to scan"), start);
    if (dir.isEmpty()) return;
    if (m_remember) {
        AppSettings::open()->setValue(QLatin1String(kFolderKey), dir);
        rememberDialogFolder(dir);
    }
    setFolder(dir);
    if (!isShown()) scan();  // a person asked for it
}

void TopImagesPanel::modelChanged(const ModelInfo& info) {
    m_model = info;
    m_haveModel = true;
    m_error.clear();
    forgetCacheRead();
    m_scan.reset();  // another model: another key (the worker cancels a running scan)
    updateChannelRange();
    if (isShown() && !m_userStopped) scan();
    refresh();
}

void TopImagesPanel::layerChanged(const QString& layer) {
    if (layer == m_layer) return;
    forgetCacheRead();
    m_layer = layer;
    m_error.clear();
    m_userStopped = false;
    updateChannelRange();
    if (isShown()) scan();
    refresh();
}

// The spin box covers the selected layer's channels from the model's summary, before any scan:
// with the range of "no scan yet" (0 to 0) it showed 0 while it kept another channel, which
// then appeared by itself when the scan was done.
void TopImagesPanel::updateChannelRange() {
    const ds::LayerInfo* info = m_haveModel ? m_model.summary.find(m_layer.toStdString()) : nullptr;
    const int channels = m_scan && m_scan->channelCount() > 0 ? m_scan->channelCount()
                         : info                                ? info->outChannels
                                                               : 0;
    if (channels <= 0) return;
    const QSignalBlocker block(m_channelSpin);
    m_channelSpin->setRange(0, channels - 1);
    m_channel = std::clamp(m_channel, 0, channels - 1);
    m_channelSpin->setValue(m_channel);
}

void TopImagesPanel::channelChanged(int channel) {
    if (channel < 0 || channel == m_channel) return;
    m_channel = channel;
    updateChannelRange();
    refresh();  // a ranking of what is kept: no forward pass
}

void TopImagesPanel::shownChanged(bool shown) {
    if (shown && !m_userStopped) scan();
}

void TopImagesPanel::scan() {
    if (!m_haveModel || m_folder.isEmpty() || m_layer.isEmpty()) return updateControls();
    if (!m_model.layers.contains(m_layer)) {
        m_scan.reset();
        refresh();
        return;
    }
    int skipped = 0;
    std::vector<ScanEntry> entries = listFolder(m_folder, &skipped);
    const QString key = scanKey(m_model, m_layer, m_folder, entries);
    if (m_scan && m_scan->key == key && (m_jobId != 0 || m_scan->complete())) return refresh();
    if (m_jobId != 0) {  // another folder, layer or model: stop that scan (kept for later)
        cancelJob(m_jobId);
        m_jobId = 0;
    }
    if (const std::shared_ptr<TopImagesScan> found = m_memory.value(key)) {
        m_loadingKey.clear();
        return begin(found);
    }
    if (m_loadingKey == key) return updateControls();  // being read
    // The disk cache is read on a thread of its own: a large or damaged file or a slow disk
    // never holds up the window. What it finds comes back through the event loop, and is
    // dropped if the folder, layer or model changed meanwhile.
    m_loadingKey = key;
    m_loadingEntries = std::move(entries);
    m_scan.reset();
    refresh();
    m_loads.start([this, key, loader = m_loader] {
        std::shared_ptr<TopImagesScan> found;
        try {
            found = loader(key);
        } catch (const std::exception&) {  // bad_alloc: the cache is only a shortcut
        }
        QMetaObject::invokeMethod(
            this, [this, key, found] { cacheRead(key, found); }, Qt::QueuedConnection);
    });
}

// What a read in progress finds is then dropped: it is for another folder, layer or model.
void TopImagesPanel::forgetCacheRead() {
    m_loadingKey.clear();
    m_loadingEntries.clear();
}

void TopImagesPanel::cacheRead(const QString& key, std::shared_ptr<TopImagesScan> found) {
    if (key != m_loadingKey) return;  // another folder, layer or model meanwhile
    m_loadingKey.clear();
    if (!found) {
        found = std::make_shared<TopImagesScan>();
        found->key = key;
        found->folder = m_folder;
        found->layer = m_layer;
        found->entries = std::move(m_loadingEntries);
    }
    m_loadingEntries.clear();
    begin(std::move(found));
}

void TopImagesPanel::begin(std::shared_ptr<TopImagesScan> found) {
    found->config = m_model.config;
    remember(found);
    m_scan = std::move(found);
    m_error.clear();
    const TopImagesScan::Counts c = m_scan->counts();
    m_lastDone = c.done + c.failed;
    m_lastTotal = c.total;
    if (m_scan->complete()) {
        refresh();
        emit scanFinished();
        return;
    }
    m_runStartDone = m_lastDone;
    m_runTimer.start();
    m_jobId = submit(std::make_shared<TopImagesScanJob>(m_scan));
    m_jobScans.insert(m_jobId, m_scan);
    refresh();
}

// The last few scans stay in memory (the current one always); older ones are read back from
// the disk cache when needed again.
void TopImagesPanel::remember(const std::shared_ptr<TopImagesScan>& scan) {
    m_memory.insert(scan->key, scan);
    m_recent.removeAll(scan->key);
    m_recent.prepend(scan->key);
    while (m_recent.size() > kScansInMemory) m_memory.remove(m_recent.takeLast());
}

void TopImagesPanel::cancel() {
    m_userStopped = true;
    if (m_jobId != 0) cancelJob(m_jobId);
    updateControls();
}

void TopImagesPanel::jobProgress(quint64 id, int done, int total, const QString&) {
    if (id != m_jobId) return;
    m_lastDone = done;
    m_lastTotal = total;
    updateControls();
    if (!m_refreshLater->isActive()) m_refreshLater->start();  // the ranking so far
}

void TopImagesPanel::jobFinished(quint64 id, const std::shared_ptr<AnalysisJob>&) {
    m_jobScans.remove(id);  // the job saved it
    TopImagesScan::pruneCache(kCachedScans);
    if (id != m_jobId) return;
    m_jobId = 0;
    refresh();
    emit scanFinished();
}

void TopImagesPanel::jobStopped(quint64 id, const QString& error) {
    // The job's scan keeps what is done; save it so a later session resumes from there.
    if (const auto scan = m_jobScans.take(id)) scan->save();
    if (id != m_jobId) return;
    m_jobId = 0;
    m_error = error;
    refresh();
}

int TopImagesPanel::shownChannel() const { return m_channelSpin->value(); }

int TopImagesPanel::shownCount() const { return m_list->count(); }

QString TopImagesPanel::heading() const {
    const int channels = m_scan ? m_scan->channelCount() : 0;
    if (channels == 0) return {};
    return tr("%1, channel %2 of %3, strongest first")
        .arg(m_scan->layer)
        .arg(m_channel)
        .arg(channels);
}

void TopImagesPanel::refresh() {
    m_list->clear();
    const int channels = m_scan ? m_scan->channelCount() : 0;
    if (channels > 0) {
        {
            const QSignalBlocker block(m_channelSpin);
            m_channelSpin->setRange(0, channels - 1);
            m_channel = std::min(m_channel, channels - 1);
            m_channelSpin->setValue(m_channel);
        }
        const int side = m_list->iconSize().width();
        for (const auto& hit : m_scan->top(m_channel, m_countSpin->value())) {
            QImage input;
            input.loadFromData(hit.thumbnail, "JPEG");
            QPixmap pix(side, side);
            pix.fill(palette().color(QPalette::Base));
            QPainter p(&pix);
            p.setRenderHint(QPainter::SmoothPixmapTransform);
            p.drawImage(QRect(0, 0, side, side), input);
            const double s = side / 224.0;
            const QRectF box(hit.box[0] * s, hit.box[1] * s, (hit.box[2] - hit.box[0]) * s,
                             (hit.box[3] - hit.box[1]) * s);
            p.setPen(QPen(Qt::black, 4));
            p.drawRect(box.adjusted(1, 1, -1, -1));
            p.setPen(QPen(QColor(255, 214, 0), 2));
            p.drawRect(box.adjusted(1, 1, -1, -1));
            p.end();
            auto* item = new QListWidgetItem(QIcon(pix), humanValue(hit.max) + QLatin1Char('\n') +
                                                             QFileInfo(hit.path).fileName());
            item->setData(kPathRole, hit.path);
            item->setToolTip(tr("%1\nmaximum %2 at (%3, %4); region x %5–%6, y %7–%8 of the "
                                "224 × 224 input")
                                 .arg(QDir::toNativeSeparators(hit.path), humanValue(hit.max))
                                 .arg(hit.y)
                                 .arg(hit.x)
                                 .arg(hit.box[0])
                                 .arg(hit.box[2])
                                 .arg(hit.box[1])
                                 .arg(hit.box[3]));
            m_list->addItem(item);
        }
    }
    const auto failures = m_scan ? m_scan->failures() : std::vector<std::pair<QString, QString>>{};
    m_failures->setVisible(!failures.empty());
    if (!failures.empty()) {
        QStringList names, details;
        for (const auto& [path, message] : failures) {
            names << QFileInfo(path).fileName();
            details << message;
        }
        m_failures->setFullText(tr("Could not read %1 images (left out): %2")
                                    .arg(failures.size())
                                    .arg(names.join(QStringLiteral(", "))));
        m_failures->setBaseToolTip(details.join(QLatin1Char('\n')));
    }
    updateControls();
}

QString TopImagesPanel::statusText() const {
    if (!m_error.isEmpty()) return m_error;
    if (m_folder.isEmpty())
        return tr(
            "Choose a folder of images. DenseScope runs each image through the network "
            "once, then shows for any channel of the selected layer the images that make "
            "it fire most.");
    if (m_haveModel && !m_layer.isEmpty() && !m_model.layers.contains(m_layer))
        return tr("Select a layer with feature maps to rank images by one of its channels.");
    if (m_jobId != 0) {
        const double seconds = double(m_runTimer.elapsed()) / 1000.0;
        const int ran = m_lastDone - m_runStartDone;
        if (ran <= 0 || seconds <= 0) return tr("%1 of %2 images").arg(m_lastDone).arg(m_lastTotal);
        const double rate = ran / seconds;
        return tr("%1 of %2 images · %3 images/s · about %4 left")
            .arg(m_lastDone)
            .arg(m_lastTotal)
            .arg(humanValue(rate))
            .arg(duration((m_lastTotal - m_lastDone) / rate));
    }
    if (readingCache()) return tr("Reading the saved scan…");
    if (!m_scan) return tr("Ready to scan.");
    const TopImagesScan::Counts c = m_scan->counts();
    if (c.total == 0) return tr("This folder holds no images.");
    if (c.done + c.failed < c.total)
        return tr("Stopped after %1 of %2 images; Resume continues where it stopped.")
            .arg(c.done + c.failed)
            .arg(c.total);
    if (c.done == 0) return tr("None of the %1 images could be read.").arg(c.total);
    return heading() + tr(" · %1 images").arg(c.done);
}

void TopImagesPanel::updateControls() {
    m_folderLabel->setFullText(m_folder.isEmpty() ? tr("(none)")
                                                  : QDir::toNativeSeparators(m_folder));
    const bool running = m_jobId != 0;
    const bool partial = m_scan && !m_scan->complete();
    m_start->setText(partial && !running ? tr("Resume") : tr("Scan"));
    m_start->setEnabled(!running && m_haveModel && !m_folder.isEmpty() &&
                        !(m_scan && m_scan->complete()));
    m_stop->setEnabled(running);
    m_progress->setRange(0, std::max(1, m_lastTotal));
    m_progress->setValue(m_scan ? std::min(m_lastDone, std::max(1, m_lastTotal)) : 0);
    m_progress->setVisible(running || partial);
    m_status->setFullText(statusText());
}

// Thumbnails as large as 10 lines of text, smaller when the list is short, so that at least
// one whole row (picture, value and name) is always in view.
void TopImagesPanel::updateIconSize() {
    const int line = fontMetrics().height();
    const int room = m_list->viewport()->height() - 3 * line;
    const int side = std::clamp(room, 4 * line, 10 * line);
    if (m_list->iconSize().width() == side) return;
    m_list->setIconSize(QSize(side, side));
    m_list->setGridSize(QSize(side + line, side + line * 3 - line / 2));
}

void TopImagesPanel::resizeEvent(QResizeEvent* event) {
    AnalysisPanel::resizeEvent(event);
    const int before = m_list->iconSize().width();
    updateIconSize();
    if (m_list->iconSize().width() != before && m_list->count() > 0) refresh();
}

void TopImagesPanel::changeEvent(QEvent* event) {
    AnalysisPanel::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        m_list->setIconSize(QSize());
        updateIconSize();
        refresh();
    }
}

void TopImagesPanel::itemClicked(QListWidgetItem* item) {
    if (item) emit imageRequested(item->data(kPathRole).toString());
}

}  // namespace ds::ui
