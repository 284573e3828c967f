#!/usr/bin/env Rscript
# The aberration-detection methods of R's surveillance package (Debian: r-cran-surveillance) on the
# daily series drugwatch evaluated, for the comparison table in docs/evaluation.md:
#
#   drugwatch evaluate --input hist/ --truth hist/truth.jsonl --export-series r/
#   Rscript scripts/r/reference-methods.R r/series.csv r/alarms.csv [methods]
#   drugwatch evaluate --truth hist/truth.jsonl --score-alarms r/alarms.csv
#
# series.csv: county,subject,date,count (every county-day, zeros included). alarms.csv:
# method,county,subject,date for each day a method alarms. methods: a comma-separated subset of
# earsC1,earsC2,earsC3,farringtonFlexible,glrnb (default: all). Each method runs with the package's
# defaults, adapted to daily counts where it has none for them; the controls are below. GLRNB_C_ARL
# (default 5) sets glrnb's threshold, so it can also be compared at drugwatch's false alarm rate.

suppressMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) {
  stop("usage: Rscript reference-methods.R series.csv alarms.csv [methods]", call. = FALSE)
}
methods <- if (length(args) >= 3) strsplit(args[3], ",")[[1]] else
  c("earsC1", "earsC2", "earsC3", "farringtonFlexible", "glrnb")
cores <- max(1L, parallel::detectCores())
glrnbThreshold <- as.numeric(Sys.getenv("GLRNB_C_ARL", "5"))

d <- read.csv(args[1], colClasses = c("character", "character", "Date", "integer"))
d$key <- paste(d$county, d$subject, sep = "|")
dates <- sort(unique(d$date))
keys <- sort(unique(d$key))
observed <- matrix(0L, nrow = length(dates), ncol = length(keys), dimnames = list(NULL, keys))
observed[cbind(match(d$date, dates), match(d$key, keys))] <- d$count
message(sprintf("%d series of %d days", ncol(observed), nrow(observed)))
# A year of daily counts: frequency 365, so Farrington finds "the same time last year".
start <- c(as.integer(format(dates[1], "%Y")), as.integer(format(dates[1], "%j")))
series <- sts(observed = observed, start = start, frequency = 365)
# Judge from day 396 on, where Farrington's same-days-last-year window (+- 14 days) is complete; score
# with evaluate --from set to that day, and evaluate drugwatch's own rules over the same days.
range <- 396:nrow(observed)
message("judged from ", format(dates[range[1]]), ": score with evaluate --from ", format(dates[range[1]]))

alarmsOf <- function(result) {
  a <- alarms(result) > 0
  a[is.na(a)] <- FALSE
  a
}

# One method over every series, in parallel by series; returns a logical matrix (days of range x series).
byColumn <- function(f) {
  columns <- parallel::mclapply(seq_len(ncol(observed)), function(j) {
    tryCatch(f(series[, j]), error = function(e) {
      message(colnames(observed)[j], ": ", conditionMessage(e))
      rep(FALSE, length(range))
    })
  }, mc.cores = cores)
  do.call(cbind, columns)
}

run <- function(method) {
  message("running ", method)
  switch(method,
    earsC1 = alarmsOf(earsC(series, control = list(range = range, method = "C1"))),
    earsC2 = alarmsOf(earsC(series, control = list(range = range, method = "C2"))),
    earsC3 = alarmsOf(earsC(series, control = list(range = range, method = "C3"))),
    # Noufaily's improved Farrington with one year back on daily data: reference values are the same day
    # last year +- 14 days, past outbreaks down-weighted, 5 cases in the last 4 weeks needed to alarm.
    farringtonFlexible = byColumn(function(s) as.vector(alarmsOf(farringtonFlexible(s, control = list(
      range = range, b = 1, w = 14, noPeriods = 10, pastWeeksNotIncluded = 26, weightsThreshold = 2.58,
      thresholdMethod = "nbPlugin", alpha = 0.01, populationOffset = FALSE, limit54 = c(5, 28),
      glmWarnings = FALSE)))[, 1])),
    # NB GLR-CUSUM for a rise of the intercept; mu0 and the dispersion fitted on the first year.
    glrnb = byColumn(function(s) as.vector(alarmsOf(glrnb(s, control = list(
      range = range, mu0 = list(S = 1, trend = FALSE), alpha = NULL, c.ARL = glrnbThreshold, change = "intercept",
      dir = "inc", ret = "value")))[, 1])),
    stop("unknown method ", method))
}

out <- file(args[2], "w")
writeLines("method,county,subject,date", out)
for (method in methods) {
  a <- run(method)
  hit <- which(a, arr.ind = TRUE)
  if (nrow(hit) > 0) {
    parts <- strsplit(keys[hit[, 2]], "|", fixed = TRUE)
    writeLines(paste(method, vapply(parts, `[`, "", 1), vapply(parts, `[`, "", 2),
                     format(dates[range][hit[, 1]]), sep = ","), out)
  }
  message(sprintf("%s: %d alarm days", method, nrow(hit)))
}
close(out)
