/**
 * The colours of the dashboard's charts: Okabe and Ito's palette, whose colours stay apart for readers with any
 * common colour-vision deficiency (and in greyscale, with the figures also in text beside every chart).
 */
export const PALETTE = {
  blue: "#0072B2",
  orange: "#E69F00",
  sky: "#56B4E9",
  green: "#009E73",
  vermillion: "#D55E00",
  purple: "#CC79A7",
  yellow: "#F0E442",
  black: "#000000",
} as const;
