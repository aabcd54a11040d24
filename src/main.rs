fn main() {
    println!("newsidx");
}
