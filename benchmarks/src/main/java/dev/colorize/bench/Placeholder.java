package dev.colorize.bench;
