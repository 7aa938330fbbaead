#include "weights_dialogs.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPalette>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>

#include <QVBoxLayout>

#include "weights_catalog.h"

#include <thread>

namespace ds::ui {

namespace {

QLabel* wrapped(const QString& text, const QString& name) {
    auto* label = new QLabel(text);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString duration(double seconds) {
    const int s = qRound(seconds);
    if (s < 60) return WeightsDownloadDialog::tr("about %1 s left").arg(s);
    return WeightsDownloadDialog::tr("about %1 min %2 s left").arg(s / 60).arg(s % 60);
}

}  // namespace

WeightsDownloadDialog::WeightsDownloadDialog(const QUrl& url, const QString& what, QWidget* parent)
    : QDialog(parent), m_url(url), m_downloader(new ds::net::WeightsDownloader(this)) {
    setObjectName(QStringLiteral("weightsDownloadDialog"));
    if (parent) setFont(parent->font());  // the window's zoom (a dialog is a window: no font reaches it)
    setWindowTitle(tr("Download weights"));
    auto* layout = new QVBoxLayout(this);
    m_what = what;
    m_heading = wrapped(tr("<b>Downloading %1</b>").arg(what.toHtmlEscaped()),
                        QStringLiteral("downloadHeading"));
    m_heading->setTextFormat(Qt::RichText);
    layout->addWidget(m_heading);
    layout->addWidget(wrapped(tr("From: %1").arg(url.toString()), QStringLiteral("downloadFrom")));
    layout->addWidget(wrapped(tr("Into: %1").arg(QDir::toNativeSeparators(ds::net::checkpointDir())),
                              QStringLiteral("downloadInto")));
    m_bar = new QProgressBar;
    m_bar->setObjectName(QStringLiteral("downloadProgress"));
    m_bar->setRange(0, 1000);
    m_bar->setValue(0);
    layout->addWidget(m_bar);
    m_status = wrapped(tr("Connecting…"), QStringLiteral("downloadStatus"));
    layout->addWidget(m_status);
    m_problem = wrapped({}, QStringLiteral("downloadProblem"));
    QPalette red = m_problem->palette();  // a palette, not a style sheet: the zoomed font stays
    red.setColor(QPalette::WindowText, QColor(0xb0, 0x00, 0x20));
    m_problem->setPalette(red);
    m_problem->hide();
    layout->addWidget(m_problem);
    layout->addStretch(1);
    m_buttons = new QDialogButtonBox;
    m_cancel = m_buttons->addButton(tr("Cancel"), QDialogButtonBox::RejectRole);
    m_cancel->setObjectName(QStringLiteral("downloadCancel"));
    m_retry = m_buttons->addButton(tr("Try again"), QDialogButtonBox::ActionRole);
    m_retry->setObjectName(QStringLiteral("downloadRetry"));
    m_close = m_buttons->addButton(tr("Close"), QDialogButtonBox::AcceptRole);
    m_close->setObjectName(QStringLiteral("downloadClose"));
    layout->addWidget(m_buttons);
    connect(m_cancel, &QPushButton::clicked, this, &WeightsDownloadDialog::reject);
    connect(m_retry, &QPushButton::clicked, this, &WeightsDownloadDialog::start);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_downloader, &ds::net::WeightsDownloader::progress, this, &WeightsDownloadDialog::onProgress);
    connect(m_downloader, &ds::net::WeightsDownloader::finished, this,
            [this](const ds::net::DownloadResult& r) {
                m_done = true;
                setRunning(false);
                m_bar->setRange(0, 1000);
                m_bar->setValue(1000);
                setHeading(tr("<b>%1 is ready</b>").arg(m_what.toHtmlEscaped()));
                m_status->setText(r.alreadyPresent
                                      ? tr("%1 is already there and verified.").arg(QDir::toNativeSeparators(r.path))
                                      : tr("Done: %1 (%2), verified.")
                                            .arg(QDir::toNativeSeparators(r.path), ds::net::megabytes(r.bytes)));
                emit downloaded(r);
            });
    connect(m_downloader, &ds::net::WeightsDownloader::failed, this, &WeightsDownloadDialog::showProblem);
    connect(m_downloader, &ds::net::WeightsDownloader::cancelled, this, &WeightsDownloadDialog::showStopped);
    setRunning(false);
    resize(sizeHint().expandedTo(QSize(fontMetrics().averageCharWidth() * 70, 0)));
}

void WeightsDownloadDialog::setHeading(const QString& html) { m_heading->setText(html); }

void WeightsDownloadDialog::start() {
    m_problem->hide();
    setHeading(tr("<b>Downloading %1</b>").arg(m_what.toHtmlEscaped()));
    m_status->setText(tr("Connecting…"));
    setRunning(true);
    m_downloader->start(m_url);  // signals say how it ends, possibly at once
}

void WeightsDownloadDialog::setRunning(bool running) {
    m_cancel->setVisible(running);
    m_retry->setVisible(!running && !m_done);
    m_close->setVisible(!running);
    (running ? m_cancel : m_close)->setDefault(true);
}

void WeightsDownloadDialog::onProgress(qint64 done, qint64 total, double rate, double left) {
    if (total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(1000.0 * double(done) / double(total)));
    } else {
        m_bar->setRange(0, 0);  // busy: the size is unknown
    }
    QString text = total > 0 ? tr("%1 of %2").arg(ds::net::megabytes(done), ds::net::megabytes(total))
                             : ds::net::megabytes(done);
    text += QStringLiteral(" · ") + tr("%1/s").arg(ds::net::megabytes(qint64(rate)));
    if (left >= 0) text += QStringLiteral(" · ") + duration(left);
    m_status->setText(text);
}

void WeightsDownloadDialog::showStopped(const QString& message) {
    showProblem(message);
    setHeading(tr("<b>Download of %1 stopped</b>").arg(m_what.toHtmlEscaped()));
}

void WeightsDownloadDialog::showProblem(const QString& message) {
    setHeading(tr("<b>Download of %1 failed</b>").arg(m_what.toHtmlEscaped()));
    setRunning(false);
    m_bar->setRange(0, 1000);
    m_problem->setText(message);
    m_problem->show();
    m_status->setText(tr("Not downloaded."));
    fitHeight();
}

void WeightsDownloadDialog::fitHeight() {
    // The message may be long: the dialog grows to show it whole (its width stays).
    QTimer::singleShot(0, this, [this] {
        QLayout* l = layout();
        const int needed = l->hasHeightForWidth() ? l->totalHeightForWidth(width()) : sizeHint().height();
        if (needed > height()) resize(width(), needed);
    });
}

void WeightsDownloadDialog::reject() {
    if (m_downloader->isRunning()) {
        m_downloader->cancel();  // cancelled() shows what was kept; the dialog stays open
        return;
    }
    QDialog::reject();
}

WeightsManagerDialog::WeightsManagerDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("weightsManagerDialog"));
    if (parent) setFont(parent->font());  // the window's zoom
    setWindowTitle(tr("ImageNet weights"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(wrapped(tr("The official ImageNet weights (torchvision's files). DenseScope "
                                 "and torchvision share them in the torch hub cache."),
                              QStringLiteral("managerIntro")));
    m_folder = wrapped({}, QStringLiteral("managerFolder"));
    layout->addWidget(m_folder);
    m_table = new QTableWidget(0, 5);
    m_table->setObjectName(QStringLiteral("weightsTable"));
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("File"), tr("Size"), tr("State"), QString()});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);
    layout->addWidget(wrapped(tr("Without network access: download a file from its address on "
                                 "another computer and put it, under the same name, in this "
                                 "folder."),
                              QStringLiteral("managerByHand")));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    refresh();
    resize(sizeHint().expandedTo(QSize(fontMetrics().averageCharWidth() * 100,
                                       fontMetrics().height() * 18)));
}

void WeightsManagerDialog::refresh() {
    const QString dir = ds::net::checkpointDir();
    m_folder->setText(tr("Folder: %1").arg(QDir::toNativeSeparators(dir)));
    const auto& all = ds::net::officialWeights();
    m_table->setRowCount(int(all.size()));
    QStringList present;  // "" for a file that is not there
    for (int row = 0; row < all.size(); ++row) {
        const ds::net::OfficialWeights& w = all[row];
        const QString path = QDir(dir).filePath(w.file);
        const bool there = QFileInfo(path).isFile();
        present << (there ? path : QString());
        const QStringList cells{w.variant, w.file, ds::net::megabytes(w.approxBytes()),
                                there ? tr("Checking…") : tr("Not downloaded")};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(ds::net::officialUrl(w).toString());
            m_table->setItem(row, c, item);
        }
        auto* button = new QPushButton(tr("Download"));
        button->setObjectName(QStringLiteral("download_") + w.variant);
        connect(button, &QPushButton::clicked, this, [this, v = w.variant] { emit downloadRequested(v); });
        m_table->setCellWidget(row, 4, button);
    }
    // Hashing takes about a second per 100 MB: on a thread of its own. It posts its results
    // only while the dialog lives (m_alive, under its mutex; the destructor clears it).
    using Results = QVector<ds::net::Verification>;
    const int generation = ++m_generation;
    std::shared_ptr<Alive> alive = m_alive;
    std::thread([this, alive, present, generation] {
        Results out;
        for (const QString& path : present)
            out << (path.isEmpty() ? ds::net::Verification{} : ds::net::verifyFile(path));
        std::lock_guard<std::mutex> lock(alive->mutex);
        if (alive->yes)
            QMetaObject::invokeMethod(this, [this, out, generation] { showChecks(out, generation); },
                                      Qt::QueuedConnection);
    }).detach();
}

WeightsManagerDialog::~WeightsManagerDialog() {
    std::lock_guard<std::mutex> lock(m_alive->mutex);
    m_alive->yes = false;
}

void WeightsManagerDialog::showChecks(const QVector<ds::net::Verification>& results, int generation) {
    if (generation != m_generation) return;  // a newer refresh() is under way
    for (int row = 0; row < results.size() && row < m_table->rowCount(); ++row) {
        const ds::net::Verification& v = results[row];
        if (v.expected.isEmpty() && v.sha256.isEmpty() && v.error.isEmpty()) continue;  // absent
        m_table->item(row, 3)->setText(v.ok ? tr("Present, verified") : tr("Present, damaged"));
        if (!v.ok)
            for (int c = 0; c < 4; ++c) m_table->item(row, c)->setToolTip(v.error);
        if (auto* button = qobject_cast<QPushButton*>(m_table->cellWidget(row, 4))) {
            button->setText(v.ok ? tr("Download again") : tr("Download"));
            button->setEnabled(!v.ok);
        }
    }
    emit checked();
}

}  // namespace ds::ui
