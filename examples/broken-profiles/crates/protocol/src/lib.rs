pub const VERSION: u32 = 4;
